import ArgumentParser
import Configuration
import TimelineModel
import TimelineUI

/// The settings of `--config FILE`, or of the default file; a bad one is reported and exits 2.
func settings(_ path: String?) throws -> Settings {
    switch Settings.load(path: path) {
    case .success(let settings): return settings
    case .failure(let problems):
        writeError(problems.description)
        writeError("tl: the configuration has \(Wording.counted(problems.problems.count, "problem")); `tl config --default` prints a complete one")
        throw Status.usage
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print a complete default configuration, or check a configuration file.",
        discussion: "tl reads $XDG_CONFIG_HOME/tl/config.toml (default ~/.config/tl/config.toml) when it exists, or the file given with --config: key bindings per mode, how each style looks, and defaults."
    )

    @Flag(name: .customLong("default"), help: "Print a complete configuration, every setting at its built-in value, with comments.")
    var printDefault = false

    @Flag(help: "Check a configuration file: every problem with its line (exit 2), or that it is fine.")
    var check = false

    @Argument(help: ArgumentHelp("The file to check (default: the one tl reads).", valueName: "file"))
    var file: String?

    func validate() throws {
        guard printDefault != check else { throw ValidationError("give one of --default or --check") }
        if printDefault, file != nil { throw ValidationError("--default takes no file") }
    }

    func run() throws {
        if printDefault {
            print(Settings.defaultFile, terminator: "")
            return
        }
        let path = file ?? Settings.defaultPath
        _ = try settings(path)
        print("\(Plain.clean(path)): fine")
    }
}

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "List the key bindings in force, per mode (the configuration's included).")

    @Option(help: ArgumentHelp("Configuration file (default: $XDG_CONFIG_HOME/tl/config.toml, if it exists).", valueName: "file"))
    var config: String?

    @Flag(help: "Print JSON instead of plain text.")
    var json = false

    /// The KEYS section of the man page (scripts/generate-man), from the built-in tables.
    @Flag(help: ArgumentHelp("Print the built-in bindings as the man page's KEYS section.", visibility: .hidden))
    var mdoc = false

    func run() throws {
        if mdoc {
            print(Keymap.standard.mdoc, terminator: "")
            return
        }
        let keymap = try settings(config).keymap
        if json {
            printJSON(.array(keymap.all.map { table in
                .object([("mode", .string(table.mode.configName)), ("bindings", .array(table.bindings.map { binding in
                    .object([("action", .string(binding.action.configName)), ("keys", .array(binding.keys.map { .string($0.configName) })),
                             ("help", .string(binding.help))])
                }))])
            }))
            return
        }
        for (i, table) in keymap.all.enumerated() {
            if i > 0 { print("") }
            print(table.mode.title + " [\(table.mode.configName)]")
            let width = table.bindings.map { TerminalText.displayWidth($0.keys.map(\.label).joined(separator: " ")) }.max() ?? 0
            for binding in table.bindings {
                let keys = TerminalText.pad(binding.keys.map(\.label).joined(separator: " "), to: min(width, 24))
                for (n, line) in TerminalText.wrap(binding.help, width: max(20, Plain.width - min(width, 24) - 4)).enumerated() {
                    print("  " + (n == 0 ? keys : String(repeating: " ", count: min(width, 24))) + "  " + line)
                }
            }
        }
    }
}
