/// Where the keyboard is: each full-screen view, each overlay and the loading screen has a key
/// table of its own.
public enum Mode: String, Sendable, CaseIterable {
    case timeline, involvement, measureHistory, reader, compare, problems, help, peoplePicker, searchPrompt, prompt, filterPrompt, loading

    /// How the help screen and the README head the mode's keys.
    public var title: String {
        switch self {
        case .timeline: "Timeline and panes"
        case .involvement: "A person's involvement"
        case .measureHistory: "A measure's history"
        case .reader: "Source reader"
        case .compare: "Sources side by side"
        case .problems: "Problems"
        case .prompt: "Date and note prompts"
        case .filterPrompt: "Filter prompt"
        case .help: "Help"
        case .peoplePicker: "People picker"
        case .searchPrompt: "Search prompt"
        case .loading: "Loading screen"
        }
    }
}

/// One row of a key table: an action, the keys that give it, its help line, and (when set) its
/// entry in the hint bar. The help screen, the hint bar and the README are all made from these.
public struct Binding: Sendable {
    public let action: Action
    public let keys: [Key]
    public let help: String
    /// The hint bar's word for the action; nil keeps it out of the bar.
    public let hint: String?
    /// Kept in the hint bar at every width (back, quit, help, a prompt's confirm and cancel).
    public let essential: Bool

    init(_ action: Action, _ keys: [Key], _ help: String, hint: String? = nil, essential: Bool = false) {
        self.action = action
        self.keys = keys
        self.help = help
        self.hint = hint
        self.essential = essential
    }

    /// The same row given other keys.
    func with(keys: [Key]) -> Binding { Binding(action, keys, help, hint: hint, essential: essential) }

    /// "j/↓": how the help screen lists the keys.
    public var keyLabels: String { keys.map(\.label).joined(separator: "/") }
}

/// The key table of one mode: tig's request table, one per mode. A mode starts from shared rows
/// and overrides an action by giving a row of its own for it.
public struct KeyTable: Sendable {
    public let mode: Mode
    public let bindings: [Binding]
    /// For prompts: what typing does (unbound printable keys type into the text); nil elsewhere.
    public let typing: String?
    private let byKey: [Key: Action]

    init(_ mode: Mode, typing: String? = nil, _ rows: [Binding], overriding overrides: [Binding] = []) {
        self.mode = mode
        self.typing = typing
        var rows = rows
        for row in overrides {
            if let i = rows.firstIndex(where: { $0.action == row.action }) { rows[i] = row } else { rows.append(row) }
        }
        bindings = rows
        var map: [Key: Action] = [:]
        for row in rows { for key in row.keys { map[key] = row.action } }
        byKey = map
    }

    /// The action a key gives in this mode.
    public func action(for key: Key) -> Action? { byKey[key] }

    /// This mode's row for an action.
    public func binding(_ action: Action) -> Binding? { bindings.first { $0.action == action } }

    /// How the hint bar writes a row's keys: its first key, and its partner's for a pair ("j/k").
    public func hintKeys(_ binding: Binding) -> String {
        let own = binding.keys.first?.label ?? ""
        guard let partner = binding.action.partner.flatMap(self.binding), let other = partner.keys.first else { return own }
        return own + "/" + other.label
    }

    /// The table with an action given other keys; nil with the key bound twice, and the other action.
    func rebinding(_ action: Action, to keys: [Key]) -> Result<KeyTable, KeyConflict> {
        let rows = bindings.map { $0.action == action ? $0.with(keys: keys) : $0 }
        var seen: [Key: Action] = [:]
        for row in rows {
            for key in row.keys {
                if let other = seen[key], other != row.action { return .failure(KeyConflict(mode: mode, key: key, actions: (other, row.action))) }
                seen[key] = row.action
            }
        }
        return .success(KeyTable(mode, typing: typing, rows))
    }

    /// The built-in table of a mode.
    public static func builtIn(_ mode: Mode) -> KeyTable {
        switch mode {
        case .timeline: timeline
        case .involvement: involvement
        case .measureHistory: measureHistory
        case .reader: reader
        case .help: help
        case .peoplePicker: peoplePicker
        case .searchPrompt: searchPrompt
        case .compare: compare
        case .problems: problems
        case .prompt: prompt
        case .filterPrompt: filterPrompt
        case .loading: loading
        }
    }

    // MARK: Shared rows

    static let moving: [Binding] = [
        Binding(.moveDown, [.character("j"), .down], "Move down: next event, item or line", hint: "move"),
        Binding(.moveUp, [.character("k"), .up], "Move up: previous event, item or line"),
        // Ctrl-D/Ctrl-U and g/G come first: they work on every terminal, PgDn and Home not always.
        Binding(.pageDown, [.control("d"), .pageDown, .character(" ")], "Page down"),
        Binding(.pageUp, [.control("u"), .pageUp], "Page up"),
        Binding(.first, [.character("g"), .home], "Go to the first"),
        Binding(.last, [.character("G"), .end], "Go to the last"),
    ]

    static let leaving: [Binding] = [
        Binding(.pickPerson, [.character("p")], "Pick a person by typing part of their name", hint: "people"),
        Binding(.edit, [.character("e")], "Edit: $VISUAL or $EDITOR (else vi) on the timeline file at what is selected; tl reloads when it is saved"),
        Binding(.showProblems, [.character("!")], "The problems of the last save (the browser keeps the last good timeline meanwhile)", hint: "problems"),
        Binding(.back, [.escape], "Go back to where you were", hint: "back", essential: true),
        Binding(.quit, [.character("q")], "Go back; quit at the top level", hint: "quit", essential: true),
        Binding(.quitHere, [.character("Q")], "Quit from here; the next start reopens this view (unless --fresh)"),
        Binding(.help, [.character("?")], "Show the keys of this view", hint: "help", essential: true),
        Binding(.redraw, [.control("l")], "Redraw the screen"),
    ]

    static let editing: [Binding] = [
        Binding(.deleteBackward, [.backspace, .delete], "Delete the last character; closes when there is none"),
        Binding(.clearText, [.control("u")], "Clear the text"),
        Binding(.redraw, [.control("l")], "Redraw the screen"),
    ]

    // MARK: The tables

    static let timeline = KeyTable(.timeline, moving + [
        Binding(.nextPane, [.tab], "Focus the next pane", hint: "pane"),
        Binding(.previousPane, [.backTab], "Focus the previous pane"),
        Binding(.open, [.enter], "Open: from the timeline into the event's people; a person's involvement, a measure's history, a quote in its source", hint: "open"),
        Binding(.search, [.character("/")], "Search titles, summaries, people, measures and quotes as you type (smart case)", hint: "search"),
        Binding(.nextMatch, [.character("n")], "Next event with a search hit", hint: "next"),
        Binding(.previousMatch, [.character("N")], "Previous event with a search hit"),
        Binding(.nextOfPerson, [.character("]")], "The followed person's next event (after Enter on one of their events)", hint: "next of person"),
        Binding(.previousOfPerson, [.character("[")], "The followed person's previous event"),
        Binding(.filter, [.character("f")], "Filter the timeline: person:, measure:, source:, from:, to:, starred, unsourced and words, all to hold", hint: "filter"),
        Binding(.clearFilter, [.character("F")], "Clear the filter"),
        Binding(.jumpToDate, [.character("t")], "Jump to a date: the first event on or after it (2019-07-09, 2019-W27, 2019-07, 9 Jul)"),
        Binding(.setAsOf, [.character("@")], "Show the measures in force on a date (the selected event's, or one typed); again clears it"),
        Binding(.compareSources, [.character("s")], "Compare the event's sources side by side"),
        Binding(.star, [.character("m")], "Star or unstar the event (kept between runs)"),
        Binding(.note, [.character("a")], "Add or edit a note on the event (kept between runs)"),
        Binding(.copyQuote, [.character("y")], "Copy the selected quote as a citation (the first, unless the Quotes pane is focused)"),
        Binding(.copyEvent, [.character("Y")], "Copy the event as Markdown with its quotes"),
    ] + leaving, overriding: [
        Binding(.back, [.escape], "Go back to where you were; with nowhere to go back to, clear the search, then stop following", hint: "back", essential: true),
    ])

    static let involvement = KeyTable(.involvement, moving + [
        Binding(.open, [.enter], "Jump to the event in the timeline (then ] and [ step through the person's events), or a role's quote in its source", hint: "open"),
        Binding(.nextOfPerson, [.character("]")], "Highlight the person's next event", hint: "step"),
        Binding(.previousOfPerson, [.character("[")], "Highlight the person's previous event"),
    ] + leaving)

    static let measureHistory = KeyTable(.measureHistory, moving + [
        Binding(.open, [.enter], "Jump to the event of a change, or a quote in its source", hint: "open"),
    ] + leaving)

    static let reader = KeyTable(.reader, moving + [
        Binding(.nextCited, [.character("]")], "Next cited passage", hint: "passage"),
        Binding(.previousCited, [.character("[")], "Previous cited passage"),
        Binding(.nextUncited, [.character("u")], "Next passage no quote cites (dimmed, ┆ in the gutter)", hint: "uncited"),
        Binding(.previousUncited, [.character("U")], "Previous passage no quote cites"),
        Binding(.search, [.character("/")], "Search this source's text (smart case)", hint: "search"),
        Binding(.nextMatch, [.character("n")], "Next hit of the search in the source", hint: "next"),
        Binding(.previousMatch, [.character("N")], "Previous hit of the search in the source"),
        Binding(.open, [.enter], "Open what cites the passage: its event, a person's role or a measure", hint: "open"),
        Binding(.copyQuote, [.character("y")], "Copy the passage as a citation"),
    ] + leaving, overriding: [
        Binding(.moveDown, [.character("j"), .down], "Scroll down a line", hint: "scroll"),
        Binding(.moveUp, [.character("k"), .up], "Scroll up a line"),
    ])

    static let compare = KeyTable(.compare, moving + [
        Binding(.open, [.enter], "Open the passage in its source", hint: "open"),
        Binding(.nextPane, [.tab], "Next source's column", hint: "column"),
        Binding(.previousPane, [.backTab], "Previous source's column"),
    ] + leaving)

    static let problems = KeyTable(.problems, moving + [
        Binding(.open, [.enter], "Go to the item the problem concerns", hint: "go to"),
    ] + leaving, overriding: [
        Binding(.edit, [.character("e")], "Edit the file at the problem's line", hint: "edit"),
    ])

    static let help = KeyTable(.help, moving, overriding: [
        Binding(.moveDown, [.character("j"), .down], "Scroll down", hint: "scroll"),
        Binding(.moveUp, [.character("k"), .up], "Scroll up"),
        Binding(.back, [.escape, .character("?"), .character("q")], "Close the help", hint: "close", essential: true),
        Binding(.redraw, [.control("l")], "Redraw the screen"),
    ])

    static let peoplePicker = KeyTable(.peoplePicker, typing: "Type to filter by name, id or role (smart case)", [
        Binding(.moveUp, [.up, .control("p"), .backTab], "Previous person", hint: "choose"),
        Binding(.moveDown, [.down, .control("n"), .tab], "Next person"),
        Binding(.pageDown, [.pageDown], "Page down"),
        Binding(.pageUp, [.pageUp], "Page up"),
        Binding(.open, [.enter], "Open the person's involvement", hint: "open", essential: true),
        Binding(.back, [.escape], "Close the picker", hint: "close", essential: true),
    ] + editing)

    static let searchPrompt = KeyTable(.searchPrompt, typing: "Type to search as you go; matches are marked in every pane", [
        Binding(.open, [.enter], "Keep the search: n and N then step through the events with hits", hint: "keep", essential: true),
        Binding(.back, [.escape], "Cancel: the search and selection before it come back", hint: "cancel", essential: true),
    ] + editing)

    static let prompt = KeyTable(.prompt, typing: "Type the date or the note", [
        Binding(.open, [.enter], "Use what is typed (an empty note removes the note)", hint: "ok", essential: true),
        Binding(.back, [.escape], "Cancel", hint: "cancel", essential: true),
    ] + editing)

    static let filterPrompt = KeyTable(.filterPrompt, typing: "Type terms: person:ID, measure:ID, source:ID, from:DATE, to:DATE, starred, unsourced, or words", [
        Binding(.open, [.enter], "Filter the timeline (an empty filter clears it)", hint: "filter", essential: true),
        Binding(.back, [.escape], "Cancel: the filter before it stays", hint: "cancel", essential: true),
        Binding(.complete, [.tab], "Complete the term or id being typed", hint: "complete"),
    ] + editing)

    static let loading = KeyTable(.loading, [
        Binding(.quit, [.character("q")], "Stop loading and quit", hint: "quit", essential: true),
        Binding(.redraw, [.control("l")], "Redraw the screen"),
    ])

}

/// A key bound to two actions in one mode.
public struct KeyConflict: Error, Sendable {
    public let mode: Mode
    public let key: Key
    public let actions: (Action, Action)
}

/// The key tables in force: the built-in ones, with a configuration's rebindings applied.
public struct Keymap: Sendable {
    private var tables: [Mode: KeyTable]

    /// The built-in tables.
    public static let standard = Keymap(tables: Dictionary(uniqueKeysWithValues: Mode.allCases.map { ($0, KeyTable.builtIn($0)) }))

    /// The table of a mode.
    public func table(_ mode: Mode) -> KeyTable { tables[mode] ?? KeyTable.builtIn(mode) }

    /// Every table, in the order the help screen, `tl keys` and the README list them.
    public var all: [KeyTable] { Mode.allCases.map(table) }

    /// The keymap with an action of a mode given other keys, or the conflict that makes.
    public func rebinding(_ mode: Mode, _ action: Action, to keys: [Key]) -> Result<Keymap, KeyConflict> {
        table(mode).rebinding(action, to: keys).map { table in
            var next = self
            next.tables[mode] = table
            return next
        }
    }
}

extension Keymap {
    /// Every mode's keys as Markdown tables, for the README (a test keeps the two the same).
    public var markdown: String {
        all.map { table in
            var lines = ["**\(table.mode.title)**" + (table.typing.map { " — " + $0.prefix(1).lowercased() + $0.dropFirst() } ?? ""), "", "| keys | action |", "| --- | --- |"]
            for binding in table.bindings {
                lines.append("| " + binding.keys.map { "`\($0.label)`" }.joined(separator: " ") + " | " + binding.help + " |")
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// Every mode's keys as the man page's KEYS section (mdoc).
    public var mdoc: String {
        func escaped(_ text: String) -> String {
            // A line starting with a dot or quote would be read as a request.
            text.replacing("\\", with: "\\e").split(separator: "\n").map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }.joined(separator: "\n")
        }
        var lines = [".Sh KEYS", "Each view, overlay and prompt of the browser has its own keys; ? shows those of the one in use. A configuration file can rebind them (see", ".Sx FILES ) ."]
        for table in all {
            lines += [".Ss " + escaped(table.mode.title)]
            if let typing = table.typing { lines.append(escaped(typing + ".")) }
            lines.append(".Bl -tag -width 18n")
            for binding in table.bindings {
                lines.append(".It " + binding.keys.map { "Sy " + escaped($0.label).replacing(" ", with: "\\ ") }.joined(separator: " , "))
                lines.append(escaped(binding.help))
            }
            lines.append(".El")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
