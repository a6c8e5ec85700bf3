package io.cgflow.validate;

import io.cgflow.cli.ToolLauncher;
import java.util.Arrays;

/**
 * Entry point of the {@code cgflow-validate} jar: {@code cgflow-validate ...}, or the campaign report when the first
 * argument is {@code campaign} ({@code bin/cgflow-report} passes it).
 */
public final class ValidateMain {
    private ValidateMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("campaign")) {
            ToolLauncher.main(new ReportCommand(), Arrays.copyOfRange(args, 1, args.length));
        } else {
            ToolLauncher.main(new ValidateCommand(), args);
        }
    }
}
