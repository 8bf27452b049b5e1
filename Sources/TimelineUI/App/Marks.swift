/// What a reader adds to a timeline and keeps between runs: starred events and notes, by event id.
public struct Marks: Sendable, Equatable {
    public var starred: Set<String>
    public var notes: [String: String]

    public init(starred: Set<String> = [], notes: [String: String] = [:]) {
        self.starred = starred
        self.notes = notes
    }
}

/// Where the reader was, to reopen there: the selected event and the view on screen.
public struct Place: Sendable, Equatable {
    public enum View: Sendable, Equatable {
        case timeline
        case person(String)
        case measure(String)
        case source(String, passage: Int)
    }

    public var event: String
    public var view: View

    public init(event: String, view: View) {
        self.event = event
        self.view = view
    }
}
