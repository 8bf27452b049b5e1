// The timeline's types. Plain values: a loaded `Timeline` is immutable and fully validated.

/// What kind of document a source is.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    case article
    case broadcastTranscript = "broadcast transcript"
}

/// When a source was published, as it states or as the timeline infers it.
public struct Publication: Sendable, Codable {
    /// False when the source does not state its date and `date` is what the timeline infers.
    public var stated: Bool
    /// The publication date, with its precision.
    public var date: TimelineDate
    /// Local time as printed by the source, e.g. "11:45", and its zone, e.g. "EDT".
    public var time: String?
    /// The time zone as printed, e.g. "EDT".
    public var timeZone: String?
    /// Why an unstated date was inferred as it was.
    public var reason: String?
}

/// A document the timeline cites: an article or a broadcast transcript, with its full text.
public struct Source: Sendable, Identifiable, Codable {
    /// The source's id, unique among sources.
    public var id: String
    /// The publisher or broadcaster, as the source names itself.
    public var outlet: String
    /// The headline; for an untitled source, a description saying so.
    public var title: String
    /// The byline or reporter, where the source gives one.
    public var author: String?
    /// Article or broadcast transcript.
    public var kind: SourceKind
    /// When it was published.
    public var published: Publication
    /// What a reader should know about where the source comes from that the other fields do
    /// not say: who it seems to be by when it has no byline, what the text carries that is not
    /// the source's own (a caption, a prompt scraped with it).
    public var note: String? = nil
    /// Path of the text file, relative to the timeline file.
    public var file: String
    /// The full text, with line endings normalised to `\n`.
    public var text: String
}

/// An exact excerpt of a source. `start` and `end` are offsets in Unicode scalars (code points)
/// from the start of the source text, end exclusive, computed when the timeline is loaded.
public struct Quote: Sendable, Hashable, Codable {
    /// The id of the source the quote is from.
    public var source: String
    /// The exact text of the passage.
    public var text: String
    /// Text that stands right before this occurrence, to pick it among several.
    public var prefix: String?
    /// Text that stands right after this occurrence, to pick it among several.
    public var suffix: String?
    /// Where the passage starts in the source text, in Unicode scalars.
    public var start: Int
    /// Where it ends, exclusive.
    public var end: Int

    // Short names: a store holds millions of quotes.
    enum CodingKeys: String, CodingKey { case source = "s", text = "t", prefix = "b", suffix = "a", start = "f", end = "e" }

    /// The passage `text` of source `source`, from `start` to `end`, picked by `prefix` and `suffix`.
    public init(source: String, text: String, prefix: String? = nil, suffix: String? = nil, start: Int, end: Int) {
        self.source = source
        self.text = text
        self.prefix = prefix
        self.suffix = suffix
        self.start = start
        self.end = end
    }
}

/// A role a source gives a person, with the quote that gives it.
public struct Role: Sendable, Codable {
    /// The role as the source words it, e.g. "Commerce Secretary".
    public var title: String
    /// The passage that gives the person this role.
    public var quote: Quote
}

/// Someone who takes part in the timeline's events.
public struct Person: Sendable, Identifiable, Codable {
    /// The person's id, unique among people.
    public var id: String
    /// The full name.
    public var name: String
    /// The names people search by, e.g. "Kudlow".
    public var shortNames: [String]
    /// The country the person acts for, when the timeline gives one.
    public var country: String?
    /// Every role the sources give the person, each with its quote.
    public var roles: [Role]
}

/// What kind of policy a measure is: one of the built-in kinds, or one the timeline declares in
/// its `measureKinds`.
public struct MeasureKind: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
    /// The kind as the format writes it, e.g. "export control".
    public let rawValue: String
    /// The kind written `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The kind as written.
    public var description: String { rawValue }

    /// A duty on imports.
    public static let tariff = MeasureKind(rawValue: "tariff")
    /// A limit on what may be exported, and to whom.
    public static let exportControl = MeasureKind(rawValue: "export control")
    /// A licence to trade where it is otherwise restricted.
    public static let licence = MeasureKind(rawValue: "licence")
    /// An exemption from another measure.
    public static let exemption = MeasureKind(rawValue: "exemption")
    /// A promise to buy.
    public static let purchaseCommitment = MeasureKind(rawValue: "purchase commitment")
    /// The kinds every timeline may use, in the order the format lists them.
    public static let builtIn: [MeasureKind] = [.tariff, .exportControl, .licence, .exemption, .purchaseCommitment]
}

/// What an event did to a measure: one of the built-in statuses, or one the timeline declares
/// in its `measureStatuses`.
public struct MeasureStatus: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
    /// The status as the format writes it, e.g. "postponed".
    public let rawValue: String
    /// The status written `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The status as written.
    public var description: String { rawValue }

    /// Threatened, not yet in force.
    public static let threatened = MeasureStatus(rawValue: "threatened")
    /// Put in force.
    public static let imposed = MeasureStatus(rawValue: "imposed")
    /// Left in force.
    public static let kept = MeasureStatus(rawValue: "kept")
    /// Put off to a later date.
    public static let postponed = MeasureStatus(rawValue: "postponed")
    /// Stopped for a time.
    public static let suspended = MeasureStatus(rawValue: "suspended")
    /// Made less strict.
    public static let eased = MeasureStatus(rawValue: "eased")
    /// Lifted for some.
    public static let exempted = MeasureStatus(rawValue: "exempted")
    /// Promised, not yet done.
    public static let promised = MeasureStatus(rawValue: "promised")
    /// The statuses every timeline may use, in the order the format lists them.
    public static let builtIn: [MeasureStatus] = [.threatened, .imposed, .kept, .postponed, .suspended, .eased, .exempted, .promised]
}

/// What a measure covers, as far as the sources say.
public struct Coverage: Sendable, Codable {
    /// How much trade it covers, e.g. "about $300 billion of Chinese imports".
    public var amount: String?
    /// Its rate, e.g. "25%".
    public var rate: String?
    /// Which products it covers.
    public var products: String?
}

/// One change an event made to a measure.
public struct MeasureChange: Sendable, Codable {
    /// The id of the event that made the change.
    public var event: String
    /// What the event did to the measure.
    public var status: MeasureStatus
    /// What changed, in our words, when the status alone does not say it.
    public var note: String?
    /// The passage that says so.
    public var quote: Quote
}

/// A policy the events change: a tariff, an export control, a licence, an exemption, a purchase
/// commitment, or a kind the timeline declares.
public struct Measure: Sendable, Identifiable, Codable {
    /// The measure's id, unique among measures.
    public var id: String
    /// Its name, in the timeline's words.
    public var name: String
    /// What kind of measure it is.
    public var kind: MeasureKind
    /// What it covers.
    public var covers: Coverage
    /// Passages that describe the measure.
    public var quotes: [Quote]
    /// In date order of their events (read one at a time from a store).
    public var changes: TimelineList<MeasureChange>
}

/// How a date was worked out from a relative phrase in a source.
public struct DateDerivation: Sendable, Codable {
    /// The phrase as it stands in the source, located like any other quote.
    public var quote: Quote
    /// The relative phrase, e.g. "Tuesday".
    public var phrase: String { quote.text }
    /// The id of the source the phrase is in.
    public var source: String { quote.source }
    /// The date the phrase was resolved against: the source's publication date unless stated.
    public var anchor: TimelineDate
    /// A remark on how the date was worked out, when the phrase alone does not say.
    public var note: String?

    /// The phrase `quote`, resolved against `anchor`, with a `note` on how.
    public init(quote: Quote, anchor: TimelineDate, note: String?) {
        (self.quote, self.anchor, self.note) = (quote, anchor, note)
    }
}

/// When an event happened: a date, and how it was worked out when the source gives only a relative phrase.
public struct EventDate: Sendable, Codable {
    /// The date, with its precision.
    public var date: TimelineDate
    /// Boxed: few events have a derivation, and inline it would make every event 140 bytes
    /// larger (140 MB in a timeline of a million).
    private var derivationBox: Box<DateDerivation>?

    // Short names: a store holds millions of dates.
    enum CodingKeys: String, CodingKey { case date = "d", derivationBox = "r" }
    /// How the date was worked out from a relative phrase; nil for a date the source states.
    public var derivation: DateDerivation? {
        get { derivationBox?.value }
        set { derivationBox = newValue.map(Box.init) }
    }

    /// A date and, for one worked out from a phrase, its derivation.
    public init(date: TimelineDate, derivation: DateDerivation?) {
        self.date = date
        self.derivationBox = derivation.map(Box.init)
    }
}

final class Box<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A box is written as its value.
extension Box: Codable where Value: Codable {
    convenience init(from decoder: any Decoder) throws { self.init(try Value(from: decoder)) }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// A person's part in an event.
public struct Participant: Sendable, Codable {
    /// The person's id.
    public var person: String
    /// The title of one of the person's roles; their first role when the data names none.
    public var role: String
    /// What they did in the event, in the timeline's words.
    public var part: String

    // Short names: a store holds millions of them.
    enum CodingKeys: String, CodingKey { case person = "p", role = "r", part = "w" }

    /// The person `person` (an id), in `role`, doing `part`.
    public init(person: String, role: String, part: String) {
        (self.person, self.role, self.part) = (person, role, part)
    }
}

/// Something that happened, with who took part, and the quotes it rests on.
public struct Event: Sendable, Identifiable, Codable {
    /// The event's id, unique among events.
    public var id: String
    /// When it happened.
    public var date: EventDate
    /// A title, in the timeline's words.
    public var title: String
    /// What happened, in the timeline's words.
    public var summary: String
    /// True for what happened before the point the timeline starts from (which the timeline's
    /// `backgroundLabel` may name).
    public var background: Bool
    /// The people who took part, with their role and part.
    public var participants: [Participant]
    /// The passages the event rests on (none yet in a timeline converted from TimelineJS).
    public var quotes: [Quote]
    /// Time of day, end, display date, group and media (`details`, Presentation.swift), boxed:
    /// most events have none of them.
    var detailsBox: Box<EventDetails>? = nil

    // Short names: a store holds millions of events.
    enum CodingKeys: String, CodingKey {
        case id = "i", date = "d", title = "t", summary = "s", background = "b", participants = "p", quotes = "q", detailsBox = "x"
    }

    /// An event with no details (`details`).
    public init(id: String, date: EventDate, title: String, summary: String, background: Bool, participants: [Participant], quotes: [Quote]) {
        (self.id, self.date, self.title, self.summary) = (id, date, title, summary)
        (self.background, self.participants, self.quotes) = (background, participants, quotes)
    }
}

/// Where a cited quote is used, for the source view's list of passages.
public enum QuoteUse: Sendable, Hashable, Codable {
    case event(Int)
    case role(person: Int, role: Int)
    case measure(Int)
    case change(measure: Int, change: Int)
    case dateDerivation(event: Int)
}

/// A passage cited from a source, and what cites it.
public struct Citation: Sendable, Codable {
    /// The passage.
    public var quote: Quote
    /// What it is cited for.
    public var use: QuoteUse

    /// The passage `quote`, cited for `use`.
    public init(quote: Quote, use: QuoteUse) {
        self.quote = quote
        self.use = use
    }
}

/// A loaded, validated timeline: its sources, people, measures and events, and indexes over them.
public struct Timeline: Sendable {
    /// The timeline's title.
    public var title: String
    /// A sentence on what it covers.
    public var description: String?
    /// What the background events (`Event.background`) are, in the timeline's words, shown
    /// after "Background:" wherever they are set apart: "before the G20 meeting". Nil when the
    /// timeline does not say.
    public var backgroundLabel: String?
    /// The sources, in file order.
    public private(set) var sources: TimelineList<Source>
    /// The people, in file order.
    public var people: [Person]
    /// The measures, in file order.
    public private(set) var measures: TimelineList<Measure>
    /// In date order; events on the same date keep their order in the file.
    public private(set) var events: TimelineList<Event>
    /// The kinds of measure this timeline may use: the built-in ones, then those it declares.
    public var measureKinds: [MeasureKind] = MeasureKind.builtIn
    /// The statuses its measure changes may have: the built-in ones, then those it declares.
    public var measureStatuses: [MeasureStatus] = MeasureStatus.builtIn
    /// What `tl check` warns about in the timeline: it loads, but these need a look (a
    /// relative date phrase tl cannot resolve, with no note on how the date was worked out; a
    /// converted event with no quotes yet). In file order.
    public var warnings: [Diagnostic] = []

    // Presentation.swift: what a timeline from TimelineJS (or converted from one) holds.
    /// Named spans of time (TimelineJS's eras), in file order.
    public var eras: [Era] = []
    /// How far the dates reach; `.cosmological` keeps years only.
    public var scale: TimelineScale = .human
    /// The media of the title (TimelineJS's title slide).
    public var media: Media?
    /// The format the timeline was read from.
    public var format: TimelineFormat = .tl
    /// Where a converted timeline came from ("TimelineJS file houston.json"); its events may
    /// lack quotes and summaries, which `tl check` reports as warnings. Nil otherwise.
    public var convertedFrom: String?

    // Indexes, built once by `init` (or answered by the store).
    /// Event id → index in `events`.
    public private(set) var eventIndex = IDLookup([:])
    /// Person id → index in `people`.
    public private(set) var personIndex: [String: Int] = [:]
    /// Measure id → index in `measures`.
    public private(set) var measureIndex = IDLookup([:])
    /// Source id → index in `sources`.
    public private(set) var sourceIndex = IDLookup([:])
    /// Person index → indexes of the events they take part in, in date order.
    public private(set) var eventsOfPerson = TimelineList<TimelineList<Int>>([])
    /// Event index → (measure index, change index) for the changes the event made.
    public private(set) var changesOfEvent = TimelineList<[(measure: Int, change: Int)]>([])
    /// Source index → every passage the timeline cites from it, in text order.
    public private(set) var citationsOfSource = TimelineList<[Citation]>([])
    /// The store the timeline is read from, when it is not held in memory.
    public let storage: (any TimelineStorage)?

    /// A timeline of these entries, its events sorted by date and its indexes built.
    public init(title: String, description: String?, backgroundLabel: String? = nil, sources: [Source], people: [Person],
                measures: [Measure], events: [Event]) {
        self.title = title
        self.description = description
        self.backgroundLabel = backgroundLabel
        self.people = people
        self.storage = nil
        self.sources = TimelineList([])
        self.measures = TimelineList([])
        self.events = TimelineList([])
        // Consumed, so that the arrays have one owner and are sorted in place.
        buildIndexes(sources: sources, measures: consume measures, events: consume events)
    }

    /// A timeline read from `storage` as it is asked for: only its people are held in memory.
    public init(title: String, description: String?, backgroundLabel: String?, people: [Person], storage: any TimelineStorage) {
        self.title = title
        self.description = description
        self.backgroundLabel = backgroundLabel
        self.people = people
        self.storage = storage
        sources = TimelineList(count: storage.sourceCount, element: storage.source(at:))
        measures = TimelineList(count: storage.measureCount, element: storage.measure(at:))
        events = TimelineList(count: storage.eventCount, element: storage.event(at:))
        eventIndex = IDLookup(storage.eventPosition(id:))
        measureIndex = IDLookup(storage.measurePosition(id:))
        sourceIndex = IDLookup(storage.sourcePosition(id:))
        personIndex = Dictionary(people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        eventsOfPerson = TimelineList(count: people.count) { p in
            TimelineList(count: storage.eventCount(ofPerson: p)) { i in storage.eventsOfPerson(p)[i] }
        }
        changesOfEvent = TimelineList(count: storage.eventCount, element: storage.changesOfEvent)
        citationsOfSource = TimelineList(count: storage.sourceCount, element: storage.citationsOfSource)
    }

    /// This timeline without what a streamed load hands on (`TimelineSink`): no sources, no
    /// events and no measure changes; its people, its measures and every top-level field.
    public func withoutStreamedParts() -> Timeline {
        let measures = measures.map { measure in
            var measure = measure
            measure.changes = TimelineList([])
            return measure
        }
        var rest = Timeline(title: title, description: description, backgroundLabel: backgroundLabel, sources: [], people: people,
                            measures: measures, events: [])
        (rest.measureKinds, rest.measureStatuses, rest.warnings) = (measureKinds, measureStatuses, warnings)
        (rest.eras, rest.scale, rest.media, rest.format, rest.convertedFrom) = (eras, scale, media, format, convertedFrom)
        return rest
    }

    /// The timeline pane's rows: the store's, or worked out over the events in memory.
    public var rows: TimelineRows { storage?.rows ?? TimelineRows(self) }

    /// How many events are background: the store's count, or counted in memory.
    public var backgroundEventCount: Int { storage?.backgroundEventCount ?? events.count { $0.background } }

    private mutating func buildIndexes(sources: [Source], measures: consuming [Measure], events: consuming [Event]) {
        var events = events
        var measures = measures
        // Sort keys taken out first: comparing them is cheap, comparing events is not.
        // (A time of day orders events within their day; most have none: -1.)
        let keys = events.indices.map { (events[$0].date.date.firstDay, events[$0].time?.secondOfDay ?? -1, events[$0].date.date.lastDay, $0) }
        let order = keys.sorted { $0 < $1 }.map(\.3)
        events.permute(to: order)
        let eventIndex = Dictionary(events.indices.map { (events[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        personIndex = Dictionary(people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sourceIndex = Dictionary(sources.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        var eventsOfPerson = Array(repeating: [Int](), count: people.count)
        // By index, field by field: `for event in events` would copy (retain) every event.
        for e in events.indices {
            for participant in events[e].participants {
                if let p = personIndex[participant.person], eventsOfPerson[p].last != e { eventsOfPerson[p].append(e) }
            }
        }
        var changesOfEvent = Array(repeating: [(measure: Int, change: Int)](), count: events.count)
        for m in measures.indices {
            let positions = measures[m].changes.map { eventIndex[$0.event] ?? 0 }
            let order = positions.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }
            var changes = Array(measures[m].changes)
            changes.permute(to: order)
            measures[m].changes = TimelineList(changes)
            for (c, change) in measures[m].changes.enumerated() {
                if let e = eventIndex[change.event] { changesOfEvent[e].append((m, c)) }
            }
        }
        var citationsOfSource = Array(repeating: [Citation](), count: sources.count)
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
        self.eventIndex = IDLookup(eventIndex)
        self.measureIndex = IDLookup(Dictionary(measures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }))
        self.sourceIndex = IDLookup(sourceIndex)
        self.eventsOfPerson = TimelineList(eventsOfPerson.map(TimelineList.init))
        self.changesOfEvent = TimelineList(changesOfEvent)
        self.citationsOfSource = TimelineList(citationsOfSource)
        self.sources = TimelineList(sources)
        self.measures = TimelineList(measures)
        self.events = TimelineList(events)
    }

    /// The event with this id.
    public func event(_ id: String) -> Event? { eventIndex[id].map { events[$0] } }
    /// The person with this id.
    public func person(_ id: String) -> Person? { personIndex[id].map { people[$0] } }
    /// The measure with this id.
    public func measure(_ id: String) -> Measure? { measureIndex[id].map { measures[$0] } }
    /// The source with this id, for what names and dates it: read from a store, its text is
    /// left out (empty); `sources` gives it whole.
    public func sourceWithoutText(_ id: String) -> Source? { sourceIndex[id].map { s in storage?.sourceWithoutText(at: s) ?? sources[s] } }

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
