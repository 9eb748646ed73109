package org.agora.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The picocli command tree for one command line: along the path its words name ({@code workspace},
 * then {@code status}) each command gets only the subcommand named next; a command where the path
 * stops, or where help is asked for by the {@code help} command, gets all of its subcommands and
 * theirs, so its help, usage errors and suggestions are those of the whole tree.
 */
final class CommandTree {
    private CommandTree() {
    }

    static CommandLine of(Object root, String... args) {
        CommandLine line = new CommandLine(root);
        attach(line, args, 0);
        return line;
    }

    private static void attach(CommandLine line, String[] args, int from) {
        Class<?>[] subcommands = subcommandsOf(line);
        if (subcommands.length == 0) {
            return;
        }
        int word = nextPositional(line.getCommandSpec(), args, from);
        Class<?> named = word < args.length ? named(subcommands, args[word]) : null;
        if (named == null || CommandLine.IHelpCommandInitializable2.class.isAssignableFrom(named)) {
            attachAll(line);
        } else {
            CommandLine child = add(line, named);
            attach(child, args, word + 1);
        }
    }

    private static void attachAll(CommandLine line) {
        for (Class<?> subcommand : subcommandsOf(line)) {
            attachAll(add(line, subcommand));
        }
    }

    private static CommandLine add(CommandLine line, Class<?> subcommand) {
        line.addSubcommand(subcommand);
        return line.getSubcommands().get(subcommand.getAnnotation(Command.class).name());
    }

    private static Class<?>[] subcommandsOf(CommandLine line) {
        Subcommands declared = line.getCommandSpec().userObject().getClass().getAnnotation(Subcommands.class);
        return declared == null ? new Class<?>[0] : declared.value();
    }

    private static Class<?> named(Class<?>[] subcommands, String word) {
        for (Class<?> subcommand : subcommands) {
            Command command = subcommand.getAnnotation(Command.class);
            if (command.name().equals(word) || java.util.List.of(command.aliases()).contains(word)) {
                return subcommand;
            }
        }
        return null;
    }

    /**
     * Where the next word that is not an option (or an option's value) is, from {@code from}; the
     * end of {@code args} if none, or if {@code --} ends the options (picocli reads no subcommand
     * after it).
     */
    private static int nextPositional(CommandSpec spec, String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return args.length;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                return i;
            }
            OptionSpec option = spec.findOption(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
            if (option != null && !arg.contains("=") && option.arity().min() > 0) {
                i++;
            }
        }
        return args.length;
    }
}
