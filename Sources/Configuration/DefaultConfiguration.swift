import TimelineModel
import TimelineUI

extension Settings {
    /// A complete configuration with every setting at its built-in value and a comment on each,
    /// made from the key tables and the style list (so it cannot drift from them).
    public static var defaultFile: String {
        var lines = comment("tl configuration: $XDG_CONFIG_HOME/tl/config.toml (by default ~/.config/tl/config.toml), or the file given with --config. Every setting is shown at its built-in value; keep only what you change. `tl config --check FILE` checks a file; `tl keys` lists the bindings in force.")
        lines += [""] + comment("Whether the browser uses the mouse (tl --no-mouse turns it off for one run).") + ["mouse = true", ""]
        lines += comment("Keys, per mode: an action and the keys that give it. A key is a character (\"j\", \"/\"), ctrl-LETTER, or one of: "
                         + Key.configNames.map(\.0).joined(separator: ", ") + ". A key may be bound to one action in a mode; an empty list unbinds an action.")
        for table in Keymap.standard.all {
            lines += [""] + comment(table.mode.title + (table.typing.map { ": " + $0.lowercased() } ?? "")) + ["[keys.\(table.mode.configName)]"]
            for binding in table.bindings {
                lines += comment(binding.help)
                lines.append("\(binding.action.configName) = [" + binding.keys.map { tomlString($0.configName) }.joined(separator: ", ") + "]")
            }
        }
        lines += [""] + comment("How each style looks: attributes (bold, dim, underline, reverse), a colour (" + Colour.names.joined(separator: ", ")
                                + ", default, or 0-255), then \"on\" and a background. With NO_COLOR set, or on a terminal without colours, only the attributes are used.")
        lines.append("[theme]")
        for style in Style.allCases {
            let mono = Theme.standard.spec(style, colours: false)
            lines += comment(style.purpose + (mono == Theme.standard.spec(style, colours: true) ? "" : " (without colours: \(mono))"))
            lines.append("\(style.configName) = \(tomlString(Theme.standard.spec(style, colours: true).description))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// TOML comment lines, wrapped to 100 columns.
func comment(_ text: String) -> [String] {
    TerminalText.wrap(text, width: 98).map { "# " + $0 }
}

/// A TOML basic string.
func tomlString(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
