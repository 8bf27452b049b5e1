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
