// The timeline's types. Plain values: a loaded `Timeline` is immutable and fully validated.

public enum SourceKind: String, Sendable, CaseIterable {
    case article
    case broadcastTranscript = "broadcast transcript"
}

public struct Publication: Sendable {
    /// False when the source does not state its date and `date` is what the timeline infers.
    public var stated: Bool
    public var date: TimelineDate
    /// Local time as printed by the source, e.g. "11:45", and its zone, e.g. "EDT".
    public var time: String?
    public var timeZone: String?
    /// Why an unstated date was inferred as it was.
    public var reason: String?
}

public struct Source: Sendable, Identifiable {
    public var id: String
    public var outlet: String
    public var title: String
    public var author: String?
    public var kind: SourceKind
    public var published: Publication
    /// Path of the text file, relative to the timeline file.
    public var file: String
    /// The full text, with line endings normalised to `\n`.
    public var text: String
}

/// An exact excerpt of a source. `start` and `end` are offsets in Unicode scalars (code points)
/// from the start of the source text, end exclusive, computed when the timeline is loaded.
public struct Quote: Sendable, Hashable {
    public var source: String
    public var text: String
    public var prefix: String?
    public var suffix: String?
    public var start: Int
    public var end: Int
}

public struct Role: Sendable {
    public var title: String
    public var quote: Quote
}

public struct Person: Sendable, Identifiable {
    public var id: String
    public var name: String
    public var shortNames: [String]
    public var country: String
    public var roles: [Role]
}

public enum MeasureKind: String, Sendable, CaseIterable {
    case tariff
    case exportControl = "export control"
    case licence
    case exemption
    case purchaseCommitment = "purchase commitment"
}

public enum MeasureStatus: String, Sendable, CaseIterable {
    case threatened, imposed, kept, postponed, suspended, eased, exempted, promised
}

public struct Coverage: Sendable {
    public var amount: String?
    public var rate: String?
    public var products: String?
}

public struct MeasureChange: Sendable {
    public var event: String
    public var status: MeasureStatus
    /// What changed, in our words, when the status alone does not say it.
    public var note: String?
    public var quote: Quote
}

public struct Measure: Sendable, Identifiable {
    public var id: String
    public var name: String
    public var kind: MeasureKind
    public var covers: Coverage
    public var quotes: [Quote]
    /// In date order of their events.
    public var changes: [MeasureChange]
}

/// How a date was worked out from a relative phrase in a source.
public struct DateDerivation: Sendable {
    /// The phrase as it stands in the source, located like any other quote.
    public var quote: Quote
    public var phrase: String { quote.text }
    public var source: String { quote.source }
    /// The date the phrase was resolved against: the source's publication date unless stated.
    public var anchor: TimelineDate
    public var note: String?
}

public struct EventDate: Sendable {
    public var date: TimelineDate
    /// Boxed: few events have a derivation, and inline it would make every event 140 bytes
    /// larger (140 MB in a timeline of a million).
    private var derivationBox: Box<DateDerivation>?
    public var derivation: DateDerivation? {
        get { derivationBox?.value }
        set { derivationBox = newValue.map(Box.init) }
    }

    public init(date: TimelineDate, derivation: DateDerivation?) {
        self.date = date
        self.derivationBox = derivation.map(Box.init)
    }
}

final class Box<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

public struct Participant: Sendable {
    public var person: String
    /// The title of one of the person's roles; their first role when the data names none.
    public var role: String
    public var part: String
}

public struct Event: Sendable, Identifiable {
    public var id: String
    public var date: EventDate
    public var title: String
    public var summary: String
    /// True for what happened before the point the timeline starts from (which the timeline's
    /// `backgroundLabel` may name).
    public var background: Bool
    public var participants: [Participant]
    public var quotes: [Quote]
}

/// Where a cited quote is used, for the source view's list of passages.
public enum QuoteUse: Sendable, Hashable {
    case event(Int)
    case role(person: Int, role: Int)
    case measure(Int)
    case change(measure: Int, change: Int)
    case dateDerivation(event: Int)
}

public struct Citation: Sendable {
    public var quote: Quote
    public var use: QuoteUse
}

public struct Timeline: Sendable {
    public var title: String
    public var description: String?
    /// What the background events (`Event.background`) are, in the timeline's words, shown
    /// after "Background:" wherever they are set apart: "before the G20 meeting". Nil when the
    /// timeline does not say.
    public var backgroundLabel: String?
    public var sources: [Source]
    public var people: [Person]
    public var measures: [Measure]
    /// In date order; events on the same date keep their order in the file.
    public var events: [Event]

    // Indexes, built once by `buildIndexes()`.
    public private(set) var eventIndex: [String: Int] = [:]
    public private(set) var personIndex: [String: Int] = [:]
    public private(set) var measureIndex: [String: Int] = [:]
    public private(set) var sourceIndex: [String: Int] = [:]
    /// Person index → indexes of the events they take part in, in date order.
    public private(set) var eventsOfPerson: [[Int]] = []
    /// Event index → (measure index, change index) for the changes the event made.
    public private(set) var changesOfEvent: [[(measure: Int, change: Int)]] = []
    /// Source index → every passage the timeline cites from it, in text order.
    public private(set) var citationsOfSource: [[Citation]] = []

    public init(title: String, description: String?, backgroundLabel: String? = nil, sources: [Source], people: [Person],
                measures: [Measure], events: [Event]) {
        self.title = title
        self.description = description
        self.backgroundLabel = backgroundLabel
        self.sources = sources
        self.people = people
        // Consumed, so that the arrays have one owner and `buildIndexes` sorts them in place.
        self.measures = consume measures
        self.events = consume events
        buildIndexes()
    }

    mutating func buildIndexes() {
        // Sort keys taken out first: comparing them is cheap, comparing events is not.
        let keys = events.indices.map { (events[$0].date.date.firstDay, events[$0].date.date.lastDay, $0) }
        let order = keys.sorted { $0 < $1 }.map(\.2)
        events.permute(to: order)
        eventIndex = Dictionary(events.indices.map { (events[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        personIndex = Dictionary(people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        measureIndex = Dictionary(measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        sourceIndex = Dictionary(sources.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        eventsOfPerson = Array(repeating: [], count: people.count)
        // By index, field by field: `for event in events` would copy (retain) every event.
        for e in events.indices {
            for participant in events[e].participants {
                if let p = personIndex[participant.person], eventsOfPerson[p].last != e { eventsOfPerson[p].append(e) }
            }
        }
        changesOfEvent = Array(repeating: [], count: events.count)
        for m in measures.indices {
            let positions = measures[m].changes.map { eventIndex[$0.event] ?? 0 }
            let order = positions.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }
            measures[m].changes.permute(to: order)
            for (c, change) in measures[m].changes.enumerated() {
                if let e = eventIndex[change.event] { changesOfEvent[e].append((m, c)) }
            }
        }
        citationsOfSource = Array(repeating: [], count: sources.count)
        func cite(_ quote: Quote, _ use: QuoteUse) {
            if let s = sourceIndex[quote.source] { citationsOfSource[s].append(Citation(quote: quote, use: use)) }
        }
        for e in events.indices {
            events[e].quotes.forEach { cite($0, .event(e)) }
            if let derivation = events[e].date.derivation { cite(derivation.quote, .dateDerivation(event: e)) }
        }
        for (p, person) in people.enumerated() {
            for (r, role) in person.roles.enumerated() { cite(role.quote, .role(person: p, role: r)) }
        }
        for (m, measure) in measures.enumerated() {
            measure.quotes.forEach { cite($0, .measure(m)) }
            for (c, change) in measure.changes.enumerated() { cite(change.quote, .change(measure: m, change: c)) }
        }
        for s in citationsOfSource.indices {
            citationsOfSource[s].sort { ($0.quote.start, $0.quote.end) < ($1.quote.start, $1.quote.end) }
        }
    }

    public func event(_ id: String) -> Event? { eventIndex[id].map { events[$0] } }
    public func person(_ id: String) -> Person? { personIndex[id].map { people[$0] } }
    public func measure(_ id: String) -> Measure? { measureIndex[id].map { measures[$0] } }
    public func source(_ id: String) -> Source? { sourceIndex[id].map { sources[$0] } }

    /// The event a citation belongs to, if any: the event itself, or the event of a measure change.
    public func eventIndex(of use: QuoteUse) -> Int? {
        switch use {
        case .event(let e), .dateDerivation(let e): return e
        case .change(let m, let c): return eventIndex[measures[m].changes[c].event]
        case .role, .measure: return nil
        }
    }
}

extension Array {
    /// Puts the element at `order[i]` at `i`, moving elements rather than copying them (a copy
    /// of an event retains each of its strings and arrays; a million of them add up).
    mutating func permute(to order: [Int]) {
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { elements in
            for start in elements.indices where !placed[start] {
                var i = start
                while true {
                    placed[i] = true
                    let next = order[i]
                    if next == start { break }
                    elements.swapAt(i, next)
                    i = next
                }
            }
        }
    }
}
