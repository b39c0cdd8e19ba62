package vgtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vgtrace.capture.ftrace.GuestProbes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

@Command(name = "guest-setup", description = {
        "Print the guest script that traces virtio-gpu with exact ring indices.",
        "",
        "The stock virtio_gpu tracepoints carry no ring index. A guest kernel can record the whole control "
                + "header with tracefs dynamic events, with no module and no rebuild:",
        "",
        "  btf     (default) tracepoint probes with BTF arguments on virtio_gpu_cmd_queue/response. Needs Linux 6.x "
                + "with CONFIG_PROBE_EVENTS_BTF_ARGS and module BTF (/sys/kernel/btf/virtio_gpu), as Debian 12+/13 "
                + "kernels have; the virtio-gpu module must be loaded before the probe is defined (the script does it).",
        "  kprobe  a kprobe on virtqueue_add_sgs for kernels without BTF: commands only, x86_64 offsets "
                + "(the virtqueue's name at +24: after a 16-byte list_head and the 8-byte callback; the 5th argument, "
                + "%%r8, is the driver's vbuffer whose first field points at the header; ring_idx is header byte 20). "
                + "Check them with pahole on your kernel. Filtered to queues named control/cursor and virtio-gpu types.",
        "  stock   only the stock events: rings are imported as unknown.",
        "",
        "Ring 0 and \"no ring\" share the byte value 0: the importer uses flags bit 0x2 to tell them apart."})
final class GuestSetupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--form", description = "btf, kprobe or stock (default: ${DEFAULT-VALUE}).")
    String form = "btf";

    @Option(names = "--buffer-kb", description = "Per-CPU trace buffer in KiB (default: ${DEFAULT-VALUE}).")
    int bufferKb = 16384;

    @Option(names = {"-o", "--output"}, paramLabel = "SCRIPT", description = "Write the script here (mode 0755) instead of printing it.")
    Path output;

    @Override
    public Integer call() throws IOException {
        GuestProbes.Form f = switch (form.toLowerCase()) {
            case "btf" -> GuestProbes.Form.BTF;
            case "kprobe" -> GuestProbes.Form.KPROBE;
            case "stock" -> GuestProbes.Form.STOCK;
            default -> throw new UserInputException(ExitCode.USAGE, "--form is btf, kprobe or stock, not '" + form + "'");
        };
        if (bufferKb < 64) throw new UserInputException(ExitCode.USAGE, "--buffer-kb must be at least 64");
        String script = GuestProbes.script(f, bufferKb);
        if (output == null) {
            spec.commandLine().getOut().print(script);
        } else {
            Files.writeString(output, script);
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxr-xr-x"));
            spec.commandLine().getOut().println("wrote " + output);
        }
        return ExitCode.OK;
    }
}
