// The timeline format's objects and their fields (docs/data-format.md), as the decoder sees
// them: one enum per kind of object, each with the schema that says which fields are required
// and what each holds.

/// The fields one kind of object may have: the decoder switches on these cases, and the
/// schema made from them says which are required and what each holds.
protocol ObjectField: CaseIterable, RawRepresentable, Hashable, Sendable where RawValue == String, AllCases == [Self] {
    static var schema: Schema<Self> { get }
}

/// One kind of object's fields, looked up by name as the decoder meets them.
final class Schema<Field: ObjectField>: Sendable {
    let fields: [Field]
    let names: [String]
    /// What each field holds ("a string"), named when a required one is missing.
    let kinds: [String]
    let required: UInt32

    /// Fields not in `holding` hold a string.
    init(required: [Field], holding: [Field: String] = [:]) {
        let all = Field.allCases
        fields = all
        names = all.map(\.rawValue)
        kinds = all.map { holding[$0] ?? "a string" }
        self.required = all.indices.reduce(0) { mask, i in required.contains(all[i]) ? mask | 1 << i : mask }
    }

    func bit(_ field: Field) -> UInt32 { 1 << fields.firstIndex(of: field)! }

    /// The known field an unknown `key` looks like a typo of, if any.
    func suggestion(for key: String) -> String? {
        closestName(to: key, among: names)
    }
}

enum TopField: String, ObjectField {
    case format, title, description, backgroundLabel, sources, people, measures, events
    // The timeline's own vocabulary, added to the built-in kinds and statuses.
    case measureKinds, measureStatuses
    // Optional, for timelines converted from TimelineJS (TimelineDecoder+Presentation.swift).
    case convertedFrom, scale, media, eras
    static let schema = Schema<Self>(required: [.format, .title, .sources, .people, .measures, .events],
                                     holding: [.sources: "an array", .people: "an array", .measures: "an array", .events: "an array",
                                               .measureKinds: "an array", .measureStatuses: "an array", .media: "an object", .eras: "an array"])
}

enum SourceField: String, ObjectField {
    case id, outlet, title, author, kind, published, file
    // What a reader should know about where the text comes from that the rest does not say.
    case note
    static let schema = Schema<Self>(required: [.id, .outlet, .title, .kind, .published, .file], holding: [.published: "an object"])
}

enum PublicationField: String, ObjectField {
    case stated, date, precision, time, timezone, reason
    static let schema = Schema<Self>(required: [.date, .precision], holding: [.stated: "a boolean"])
}

enum PersonField: String, ObjectField {
    case id, name, shortNames, country, roles
    static let schema = Schema<Self>(required: [.id, .name, .roles], holding: [.shortNames: "an array", .roles: "an array"])
}

enum RoleField: String, ObjectField {
    case title, quote
    static let schema = Schema<Self>(required: [.title, .quote], holding: [.quote: "an object"])
}

enum MeasureField: String, ObjectField {
    case id, name, kind, covers, quotes, changes
    static let schema = Schema<Self>(required: [.id, .name, .kind, .changes],
                                     holding: [.covers: "an object", .quotes: "an array", .changes: "an array"])
}

/// A measure's `covers` object has one field per aspect of its coverage.
extension Coverage.Aspect: ObjectField {
    static let schema = Schema<Self>(required: [])
}

enum ChangeField: String, ObjectField {
    case event, status, note, quote
    static let schema = Schema<Self>(required: [.event, .status, .quote], holding: [.quote: "an object"])
}

enum EventField: String, ObjectField {
    case id, date, precision, derivedFrom, title, summary, background, people, quotes
    // Optional (TimelineDecoder+Presentation.swift).
    case time, end, displayDate, group, media
    // `summary` and `quotes` are required too, but checked by the decoder itself: a converted
    // timeline's events may lack them until they rest on quotes.
    static let schema = Schema<Self>(required: [.id, .date, .precision, .title],
                                     holding: [.derivedFrom: "an object", .background: "a boolean", .people: "an array", .quotes: "an array",
                                               .end: "an object", .media: "an object"])
}

enum ParticipantField: String, ObjectField {
    case person, role, part
    static let schema = Schema<Self>(required: [.person, .part])
}

enum DerivationField: String, ObjectField {
    case phrase, source, prefix, suffix, anchor, note
    static let schema = Schema<Self>(required: [.phrase, .source])
}

enum QuoteField: String, ObjectField {
    case source, text, prefix, suffix
    static let schema = Schema<Self>(required: [.source, .text])
}

/// The fields of one object as the decoder goes through them.
struct ObjectCursor<Field: ObjectField> {
    let offset: Int
    let schema = Field.schema
    var seen: UInt32 = 0
    var unknown: [String] = []
    var first = true

    init(offset: Int) { self.offset = offset }

    func has(_ field: Field) -> Bool { seen & schema.bit(field) != 0 }
}

enum MomentField: String, ObjectField {
    case date, precision, time
    static let schema = Schema<Self>(required: [.date, .precision])
}

enum MediaField: String, ObjectField {
    case url, caption, credit, thumbnail
    static let schema = Schema<Self>(required: [.url])
}

enum EraField: String, ObjectField {
    case name, start, end
    static let schema = Schema<Self>(required: [.name, .start, .end], holding: [.start: "an object", .end: "an object"])
}
