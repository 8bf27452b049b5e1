import TimelineModel

/// Everything that can happen to the program: what the user does, and news of the load running
/// on its own thread. The reducer takes them all the same way.
public enum Input: Sendable {
    case key(Key)
    case resize(Size)
    case mouse(MouseButton, x: Int, y: Int)
    /// How far the load has got (the driver sends it once a load takes long enough to show).
    case loadProgress(LoadProgress)
    /// The events read so far, while the load goes on.
    case preview(Timeline, LoadProgress?)
    /// The whole timeline, loaded and checked.
    case loaded(Timeline)
    /// The load found problems.
    case loadFailed(TimelineLoadError)
    /// SIGINT, SIGTERM or SIGHUP arrived (or the terminal went away): its number.
    case signal(Int32)
    /// The timeline or a source changed on disk and loaded again.
    case reloaded(Timeline)
    /// It changed and now has problems; `targets` are the items they concern, where known.
    case reloadFailed(TimelineLoadError, targets: [ProblemTarget?])
    /// News for the bar from outside the program (the store turned out to be out of date).
    case notice(String)
}

/// The item a problem concerns, by id, for the problems view to jump to.
public enum ProblemTarget: Sendable, Hashable {
    case event(String), person(String), measure(String), source(String)
}

/// What `e` asks to edit: a file of the timeline, and where in it.
public struct EditRequest: Sendable, Equatable {
    public enum File: Sendable, Equatable {
        case timeline
        /// A source's text, by the source's id.
        case source(String)
    }
    public enum Place: Sendable, Equatable {
        case line(Int)
        /// The object with this id (an event, person, measure or source).
        case object(String)
        /// The first place this text is written (a quote).
        case text(String)
    }
    public let file: File
    public let place: Place

    public init(_ file: File, at place: Place) {
        self.file = file
        self.place = place
    }
}

/// What the program asks of the world after an input: the reducer's only way out.
public enum Effect: Sendable, Equatable {
    /// Leave the screen and exit 0.
    case quit
    /// Leave the screen and exit with this status (128 + a signal's number).
    case exit(Int32)
    /// Leave the screen, report the load's problems and exit 1; `whileBrowsing` when a preview
    /// was already on screen.
    case loadFailed(TimelineLoadError, whileBrowsing: Bool)
    /// Leave the screen and say that `--event` or `--person` found nothing (exit 3).
    case notFound(OpeningFailure)
    /// Clear the terminal and paint the whole frame again.
    case redraw
    /// Keep the stars, the notes and where the reader is (atomically, outside the timeline), to
    /// reopen there next time.
    case keep(Marks, Place?)
    /// Put text on the clipboard (it is sanitised already); `what` says what it is.
    case copy(String, what: String)
    /// Hand the terminal to the user's editor at a place, then come back and redraw.
    case edit(EditRequest)

    public static func == (a: Effect, b: Effect) -> Bool {
        switch (a, b) {
        case (.quit, .quit), (.redraw, .redraw): true
        case (.keep(let x, let p), .keep(let y, let q)): x == y && p == q
        case (.copy(let x, let w), .copy(let y, let v)): x == y && w == v
        case (.edit(let x), .edit(let y)): x == y
        case (.exit(let x), .exit(let y)): x == y
        case (.loadFailed(let x, let p), .loadFailed(let y, let q)): x.description == y.description && p == q
        case (.notFound(let x), .notFound(let y)): x.kind == y.kind && x.query == y.query
        default: false
        }
    }
}

/// What `--event` or `--person` asked for and did not find.
public struct OpeningFailure: Error, Sendable {
    public enum Kind: String, Sendable { case event, person }
    public let kind: Kind
    public let query: String
    /// The indices that matched when several did; empty when nothing matched.
    public let candidates: [Int]

    init(_ kind: Kind, _ query: String, _ lookup: Lookup<Int>) {
        self.kind = kind
        self.query = query
        if case .ambiguous(let all) = lookup { candidates = all } else { candidates = [] }
    }
}

/// Where the browser opens: `--event` and `--person`, both optional; with both, the person's
/// involvement opens over that event, so that Esc lands on it.
public struct OpeningRequest: Sendable {
    public var event: String?
    public var person: String?

    public init(event: String? = nil, person: String? = nil) {
        self.event = event
        self.person = person
    }

    public var isEmpty: Bool { event == nil && person == nil }

    /// The event and person indices, or what was not found.
    public func resolve(in timeline: Timeline) -> Result<(event: Int?, person: Int?), OpeningFailure> {
        var found: (event: Int?, person: Int?) = (nil, nil)
        if let event {
            let lookup = timeline.findEvent(event)
            guard case .found(let e) = lookup else { return .failure(OpeningFailure(.event, event, lookup)) }
            found.event = e
        }
        if let person {
            let lookup = timeline.findPerson(person)
            guard case .found(let p) = lookup else { return .failure(OpeningFailure(.person, person, lookup)) }
            found.person = p
        }
        return .success(found)
    }
}
