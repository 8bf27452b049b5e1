/// A key as the driver reports it, independent of ncurses.
public enum Key: Sendable, Hashable {
    case character(Character)
    case control(Character)   // Ctrl-letter, letter in lower case
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete

    /// How the help screen and the hint bar write the key.
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

public enum MouseButton: Sendable, Hashable { case left, wheelUp, wheelDown }

/// Everything that can happen to the program.
public enum Input: Sendable, Hashable {
    case key(Key)
    case resize(Size)
    case mouse(MouseButton, x: Int, y: Int)
}

/// Every command a user can give. This one table is the key map, the help screen and the hint
/// bar: `keys` binds, `help` explains, `hint` (when set) puts the action in the bar.
public enum Action: String, Sendable, CaseIterable {
    case moveDown, moveUp, pageDown, pageUp, first, last
    case nextPane, previousPane, open, back, quit
    case search, nextMatch, previousMatch
    case pickPerson, nextOfPerson, previousOfPerson
    case help, redraw

    public var keys: [Key] {
        switch self {
        case .moveDown: [.character("j"), .down]
        case .moveUp: [.character("k"), .up]
        case .pageDown: [.pageDown, .control("d"), .character(" ")]
        case .pageUp: [.pageUp, .control("u")]
        case .first: [.character("g"), .home]
        case .last: [.character("G"), .end]
        case .nextPane: [.tab]
        case .previousPane: [.backTab]
        case .open: [.enter]
        case .back: [.escape]
        case .quit: [.character("q")]
        case .search: [.character("/")]
        case .nextMatch: [.character("n")]
        case .previousMatch: [.character("N")]
        case .pickPerson: [.character("p")]
        case .nextOfPerson: [.character("]")]
        case .previousOfPerson: [.character("[")]
        case .help: [.character("?")]
        case .redraw: [.control("l")]
        }
    }

    public var help: String {
        switch self {
        case .moveDown: "Move down: next event, item or line"
        case .moveUp: "Move up: previous event, item or line"
        case .pageDown: "Page down"
        case .pageUp: "Page up"
        case .first: "Go to the first"
        case .last: "Go to the last"
        case .nextPane: "Focus the next pane"
        case .previousPane: "Focus the previous pane"
        case .open: "Open the focused item: a person's involvement, a measure's history, a quote in its source, an event"
        case .back: "Go back to where you were; close a prompt or this help"
        case .quit: "Go back; quit at the top level"
        case .search: "Search titles, summaries, people, measures and quotes (smart case)"
        case .nextMatch: "Next search hit; in the source reader, next cited passage"
        case .previousMatch: "Previous search hit; in the source reader, previous cited passage"
        case .pickPerson: "Pick a person by typing part of their name"
        case .nextOfPerson: "The followed person's next event"
        case .previousOfPerson: "The followed person's previous event"
        case .help: "Show or hide this help"
        case .redraw: "Redraw the screen"
        }
    }

    /// A short label for the hint bar; nil keeps the action out of it.
    public var hint: String? {
        switch self {
        case .moveDown: "move"
        case .nextPane: "pane"
        case .open: "open"
        case .search: "search"
        case .nextMatch: "next"
        case .pickPerson: "people"
        case .nextOfPerson: "next of person"
        case .help: "help"
        case .quit: "quit"
        case .back: "back"
        default: nil
        }
    }

    /// Whether the action works while the timeline is still loading (the screen shows a preview
    /// of the events read so far): moving about does; what needs every event, the measures or
    /// the checked quotes waits for the load to finish.
    public var worksWhileLoading: Bool {
        switch self {
        case .open, .search, .nextMatch, .previousMatch, .pickPerson, .nextOfPerson, .previousOfPerson: false
        default: true
        }
    }

    /// The key map, made from the table.
    public static let byKey: [Key: Action] = {
        var map: [Key: Action] = [:]
        for action in allCases { for key in action.keys { map[key] = action } }
        return map
    }()

    /// "j/↓" — how the help screen lists the keys.
    public var keyLabels: String { keys.map(\.label).joined(separator: "/") }

    /// The hint bar's name for the key: the first key, or a pair for moves.
    public var hintKeys: String {
        switch self {
        case .moveDown: "j/k"
        case .nextOfPerson: "]/["
        case .nextMatch: "n/N"
        default: keys[0].label
        }
    }
}
