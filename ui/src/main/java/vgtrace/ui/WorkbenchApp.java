package vgtrace.ui;

import javafx.application.Application;
import javafx.stage.Stage;

import java.nio.file.Path;

/** The JavaFX application: one workbench window, opening the trace given on the command line if any. */
public final class WorkbenchApp extends Application {

    /** The named parameter that picks the theme: {@code --theme=DARK}. */
    static final String THEME = "theme";

    private Workbench workbench;

    @Override
    public void start(Stage stage) {
        workbench = new Workbench(RecentFiles.standard(), 1400, 860);
        String theme = getParameters().getNamed().getOrDefault(THEME, Theme.LIGHT.name());
        workbench.themeProperty().set(Theme.valueOf(theme));
        stage.setTitle("vgtrace");
        stage.setScene(workbench.scene());
        stage.show();
        getParameters().getUnnamed().stream().findFirst().map(Path::of).ifPresent(workbench::open);
    }

    @Override
    public void stop() {
        if (workbench != null) workbench.shutdown();
    }
}
