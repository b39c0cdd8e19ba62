#!/usr/bin/env python3
"""fd-relay.py: the smallest stand-in for a vhost-user proxy, to exercise
run-vhost-user.sh --proxy. It listens on VGTRACE_FRONTEND_SOCKET, connects to
VGTRACE_BACKEND_SOCKET and relays whole vhost-user messages (12-byte header: request, flags,
size; then size bytes) both ways, passing on the file descriptors that came with each message
(SCM_RIGHTS). It prints one count line per direction at the end.

  run-vhost-user.sh --proxy 'python3 samples/vm/fd-relay.py'
"""
import os
import socket
import struct
import threading

HEADER = struct.Struct("<III")
MAX_FDS = 32


def recv_exact(sock, n, fds):
    """Reads exactly n bytes (b'' at a clean end of stream), collecting any fds into fds."""
    buf = b""
    while len(buf) < n:
        data, got, _, _ = socket.recv_fds(sock, n - len(buf), MAX_FDS)
        fds.extend(got)
        if not data:
            if buf:
                raise EOFError("stream ended inside a message")
            return b""
        buf += data
    return buf


def relay(src, dst, name):
    messages = nbytes = nfds = 0
    try:
        while True:
            fds = []
            header = recv_exact(src, HEADER.size, fds)
            if not header:
                break
            body = recv_exact(src, HEADER.unpack(header)[2], fds)
            socket.send_fds(dst, [header + body], fds) if fds else dst.sendall(header + body)
            for fd in fds:
                os.close(fd)
            messages, nbytes, nfds = messages + 1, nbytes + len(header) + len(body), nfds + len(fds)
    except (OSError, EOFError) as e:
        print(f"fd-relay {name} stopped: {e}", flush=True)
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        print(f"fd-relay {name} messages={messages} bytes={nbytes} fds={nfds}", flush=True)


def main():
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(os.environ["VGTRACE_FRONTEND_SOCKET"])
    listener.listen(1)
    front, _ = listener.accept()
    back = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    back.connect(os.environ["VGTRACE_BACKEND_SOCKET"])
    threads = [threading.Thread(target=relay, args=(front, back, "frontend->backend")),
               threading.Thread(target=relay, args=(back, front, "backend->frontend"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
