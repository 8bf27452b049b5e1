/// A key as the driver reports it, independent of ncurses.
public enum Key: Sendable, Hashable {
    case character(Character)
    /// Ctrl-letter, the letter in lower case.
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete

    /// How the help screen, the hint bar and the README write the key.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .control(let c): "Ctrl-" + String(c).uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Del"
        }
    }
}

/// The mouse buttons the browser answers.
public enum MouseButton: Sendable, Hashable { case left, wheelUp, wheelDown }

extension Key {
    /// Names for keys that are not one printable character, in configuration files.
    public static let configNames: [(String, Key)] = [
        ("up", .up), ("down", .down), ("left", .left), ("right", .right), ("pgup", .pageUp), ("pageup", .pageUp),
        ("pgdn", .pageDown), ("pagedown", .pageDown), ("home", .home), ("end", .end), ("tab", .tab), ("shift-tab", .backTab),
        ("enter", .enter), ("esc", .escape), ("escape", .escape), ("backspace", .backspace), ("del", .delete), ("delete", .delete),
        ("space", .character(" ")),
    ]

    /// How a configuration file writes the key: "j", "ctrl-d", "pgdn", "space".
    public var configName: String {
        switch self {
        case .character(" "): "space"
        case .character(let c): String(c)
        case .control(let c): "ctrl-" + String(c)
        default: Key.configNames.first { $0.1 == self }?.0 ?? label
        }
    }

    /// The key a configuration file names; nil for a name it does not know.
    public init?(configName name: String) {
        if let named = Key.configNames.first(where: { $0.0 == name.lowercased() }) { self = named.1; return }
        if name.lowercased().hasPrefix("ctrl-"), name.count == 6, let letter = name.last?.lowercased().first, letter.isLetter, letter.isASCII {
            self = .control(letter)
            return
        }
        guard name.count == 1, let character = name.first, !character.isWhitespace,
              !character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        self = .character(character)
    }
}

extension Action {
    /// The action's name in a configuration file: "next-pane" for `nextPane`.
    public var configName: String { kebabCase(rawValue) }
}

extension Mode {
    /// The mode's name in a configuration file: "people-picker" for `peoplePicker`.
    public var configName: String { kebabCase(rawValue) }
}
