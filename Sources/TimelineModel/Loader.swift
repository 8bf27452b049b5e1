import Dispatch
import Glibc

/// How far a load has got, for a progress bar.
public struct LoadProgress: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Reading the timeline file; `done` and `total` count its bytes.
        case reading
        /// Reading the source texts and finding every quote in them; `done` and `total` count sources.
        case checking
        /// Sorting and indexing the events.
        case indexing
    }
    public var phase: Phase
    public var done: Int
    public var total: Int
    public var events: Int

    public init(_ phase: Phase, done: Int, total: Int, events: Int) {
        self.phase = phase
        self.done = done
        self.total = total
        self.events = events
    }

    /// From 0 to 1, across the phases (reading is most of a load).
    public var fraction: Double {
        let part = total > 0 ? Double(min(done, total)) / Double(total) : 1
        switch phase {
        case .reading: return 0.8 * part
        case .checking: return 0.8 + 0.15 * part
        case .indexing: return 0.95
        }
    }
}

public enum TimelineLoader {
    public static let formatName = "tl-timeline/1"

    /// Reads and validates a timeline. `progress` is called now and then from the loading
    /// thread; `preview`, when given, gets timelines of the events read so far (not yet checked
    /// against their sources, measures not yet read), the first of them after a few thousand
    /// events, so that a browser can show something long before a large file is read.
    ///
    /// The file is read once for structure, then the source texts are read and every quote found
    /// in them. A file with any problem is read again, the slow exact way, which reports every
    /// problem in file order with its line, column and path.
    public static func load(_ files: TimelineFiles, progress: (@Sendable (LoadProgress) -> Void)? = nil,
                            preview: (@Sendable (Timeline) -> Void)? = nil) -> Result<Timeline, TimelineLoadError> {
        let mainName = files.displayPath(files.mainFile)
        let file: FileBytes
        switch files.read(files.mainFile) {
        case .success(let bytes): file = bytes
        case .failure(let problem):
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: mainName, message: problem.message)]))
        }
        return file.withUnsafeBufferPointer { bytes in
            var quick = TimelineDecoder(files: files, fileName: mainName, file: file, bytes: bytes, checksQuotesAsItReads: false,
                                        progress: progress, preview: preview)
            switch quick.decode() {
            case .loaded(let timeline): return .success(timeline)
            case .broken(let error): return .failure(error)
            case .problems: break
            }
            var exact = TimelineDecoder(files: files, fileName: mainName, file: file, bytes: bytes, checksQuotesAsItReads: true,
                                        progress: nil, preview: nil)
            switch exact.decode() {
            case .loaded(let timeline): return .success(timeline)
            case .broken(let error): return .failure(error)
            case .problems: return .failure(TimelineLoadError(diagnostics: exact.diagnostics()))
            }
        }
    }

    public static func load(path: String) -> Result<Timeline, TimelineLoadError> { load(.disk(path)) }
}

/// A source's text prepared for locating quotes (a class: a quote lookup then costs one retain).
final class SourceText: Sendable {
    let id: String
    /// The text itself, searched through its UTF-8 view (the model keeps the same storage).
    let text: String
    let isASCII: Bool
    let publication: TimelineDate?

    init(id: String, text: String, publication: TimelineDate?) {
        self.id = id
        self.text = text
        self.isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        self.publication = publication
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}

/// One problem in the timeline file, at a byte offset; its line, column and JSON path are
/// worked out once decoding is over, for all problems in one pass.
struct Problem: Error {
    var offset: Int
    var message: String
    /// For a duplicate id: where the id was first used, named at the end of the message.
    var firstUse: Int?
    /// A problem inside another file (a source text), reported as it is; `offset` is the
    /// field naming that file, which places it among the others.
    var elsewhere: Diagnostic?
}

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
}

enum TopField: String, ObjectField {
    case format, title, description, sources, people, measures, events
    static let schema = Schema<Self>(required: [.format, .title, .sources, .people, .measures, .events],
                                     holding: [.sources: "an array", .people: "an array", .measures: "an array", .events: "an array"])
}

enum SourceField: String, ObjectField {
    case id, outlet, title, author, kind, published, file
    static let schema = Schema<Self>(required: [.id, .outlet, .title, .kind, .published, .file], holding: [.published: "an object"])
}

enum PublicationField: String, ObjectField {
    case stated, date, precision, time, timezone, reason
    static let schema = Schema<Self>(required: [.date, .precision], holding: [.stated: "a boolean"])
}

enum PersonField: String, ObjectField {
    case id, name, shortNames, country, roles
    static let schema = Schema<Self>(required: [.id, .name, .country, .roles], holding: [.shortNames: "an array", .roles: "an array"])
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

enum CoverageField: String, ObjectField {
    case amount, rate, products
    static let schema = Schema<Self>(required: [])
}

enum ChangeField: String, ObjectField {
    case event, status, note, quote
    static let schema = Schema<Self>(required: [.event, .status, .quote], holding: [.quote: "an object"])
}

enum EventField: String, ObjectField {
    case id, date, precision, derivedFrom, title, summary, background, people, quotes
    static let schema = Schema<Self>(required: [.id, .date, .precision, .title, .summary, .quotes],
                                     holding: [.derivedFrom: "an object", .background: "a boolean", .people: "an array", .quotes: "an array"])
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

/// A quote selector as written, before it is found in its source.
struct QuoteFields {
    var source: String?
    var sourceOffset = 0
    var text: String?
    var textOffset = 0
    var prefix: String?
    var suffix: String?
}

/// The `date` and `precision` fields of an object, checked against each other once both are read.
struct DateFields {
    var text: String?
    var textOffset = 0
    var precision: DatePrecision?
    var precisionOffset = 0
}

/// The ids of one kind of entry: every id as written, valid entry or not (so that an entry
/// with some other problem is not also reported as unknown wherever it is used), with the
/// offset of its first valid entry, to name when the id comes again.
struct IDRegistry {
    enum Kind: String { case source, person, measure, event }
    /// -1 until the id has a valid entry.
    private var firstUse: [String: Int] = [:]

    func isDeclared(_ id: String) -> Bool { firstUse[id] != nil }

    mutating func reserve(_ count: Int) { firstUse.reserveCapacity(count) }

    mutating func declare(_ id: String) {
        if firstUse[id] == nil { firstUse[id] = -1 }
    }

    /// Records a valid entry with `id` at `offset`; the offset of the first one if there was one.
    mutating func use(_ id: String, at offset: Int) -> Int? {
        guard let first = firstUse.updateValue(offset, forKey: id), first >= 0 else { return nil }
        firstUse[id] = first  // the first use is the one kept, and the one later duplicates name
        return first
    }
}

/// Reads a timeline file front to back, straight into the model, checking every field as it
/// goes and collecting every problem rather than stopping at the first.
struct TimelineDecoder {
    let files: TimelineFiles
    let fileName: String
    let file: FileBytes
    var reader: JSONReader
    /// True for the exact pass: each source text is read with its entry and each quote is found
    /// where it is read, so that a problem is reported at its place. False for the quick pass,
    /// which leaves both to `checkSources()`.
    let checksQuotesAsItReads: Bool
    let progress: (@Sendable (LoadProgress) -> Void)?
    let preview: (@Sendable (Timeline) -> Void)?
    /// The number of events at which the next preview goes out.
    var nextPreview = 4096
    /// Bytes of the sections read so far, and where the one being read starts: sections may be
    /// read out of file order, so the reader's position alone is no measure of progress.
    var sectionsRead = 0
    var sectionStart = 0
    var problems: [Problem] = []
    /// The timeline's title, once read (a preview needs one).
    var title: String?

    var sources: [Source] = []
    var people: [Person] = []
    var measures: [Measure] = []
    var events: [Event] = []
    var sourceTexts: [String: SourceText] = [:]
    var personIndex: [String: Int] = [:]
    /// Every id as written, valid entry or not (so that an entry with some other problem is not
    /// also reported as unknown wherever it is used), with the offset of its first valid entry
    /// (-1 until there is one), to name when the id comes again.
    var sourceIDs = IDRegistry()
    var personIDs = IDRegistry()
    var measureIDs = IDRegistry()
    var eventIDs = IDRegistry()
    /// Each measure change's event, checked once every event is read.
    var changeEvents: [(id: String, offset: Int)] = []
    /// The quick pass's source texts, being read on another thread meanwhile.
    var sourceReading: SourceReading?

    init(files: TimelineFiles, fileName: String, file: FileBytes, bytes: UnsafeBufferPointer<UInt8>, checksQuotesAsItReads: Bool,
         progress: (@Sendable (LoadProgress) -> Void)?, preview: (@Sendable (Timeline) -> Void)?) {
        self.files = files
        self.fileName = fileName
        self.file = file
        self.reader = JSONReader(bytes: bytes)
        self.checksQuotesAsItReads = checksQuotesAsItReads
        self.progress = progress
        self.preview = preview
    }

    // MARK: Reporting

    mutating func report(_ offset: Int, _ message: String) {
        problems.append(Problem(offset: offset, message: message))
    }

    /// Every problem, in file order, with its line, column and path.
    func diagnostics() -> [Diagnostic] {
        let offsets = problems.flatMap { problem in [problem.offset] + (problem.firstUse.map { [$0] } ?? []) }
        let places = JSONLocator.places(of: offsets, in: reader.bytes)
        let ordered = problems.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        return ordered.map { _, problem in
            if let elsewhere = problem.elsewhere { return elsewhere }
            let place = places[problem.offset]
            var message = problem.message
            if let first = problem.firstUse, let firstPlace = places[first] {
                message += "; it is first used at \(firstPlace.path ?? "$") (line \(firstPlace.line))"
            }
            return Diagnostic(file: fileName, line: place?.line, column: place?.column, path: place?.path, message: message)
        }
    }

    func reportProgress() {
        progress?(LoadProgress(.reading, done: sectionsRead + reader.position - sectionStart, total: reader.bytes.count, events: events.count))
    }

    /// Sends out a timeline of what is read so far, unchecked.
    mutating func sendPreview() {
        guard let preview, problems.isEmpty else { return }
        preview(Timeline(title: title ?? fileName, description: nil, sources: sources, people: people, measures: measures, events: events))
    }

    // MARK: Top level

    enum Outcome {
        case loaded(Timeline)
        /// Problems in the content, listed by `diagnostics()`.
        case problems
        /// A file that is not JSON at all, reported on its own: what was decoded before the break may be misread.
        case broken(TimelineLoadError)
    }

    mutating func decode() -> Outcome {
        do {
            try reader.start()
            let timeline = try decodeTimeline()
            try reader.finish()
            if problems.isEmpty, let timeline { return .loaded(timeline) }
            return .problems
        } catch let error as JSONSyntaxError {
            let place = JSONLocator.places(of: [error.offset], in: reader.bytes, paths: false)[error.offset]!
            return .broken(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, line: place.line, column: place.column, message: error.message)]))
        } catch {
            return .broken(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, message: "\(error)")]))
        }
    }

    mutating func decodeTimeline() throws -> Timeline? {
        guard var object = try beginObject(TopField.self) else { return nil }
        var format: String?
        var formatOffset = 0
        var description: String?
        var done: Set<TopField> = []
        var later: [TopField: Int] = [:]
        // Quotes need their sources, and participants their people: a section that comes before
        // what it refers to is stepped over and read once the loop is done.
        func ready(_ section: TopField) -> Bool {
            switch section {
            case .people: done.contains(.sources)
            // With previews to send, events come first: measures can wait, the screen cannot.
            case .measures: done.contains(.sources) && (preview == nil || done.contains(.events))
            case .events: done.contains(.sources) && done.contains(.people)
            default: true
            }
        }
        while let field = try nextField(&object) {
            switch field {
            case .format: formatOffset = reader.position; format = try string()
            case .title: title = try string()
            case .description: description = try string(nullable: true)
            case .sources, .people, .measures, .events:
                if ready(field) {
                    try decodeSection(field)
                    done.insert(field)
                } else {
                    later[field] = reader.position
                    try reader.skipValue()
                }
            }
        }
        let end = reader.position
        for section in [TopField.people, .measures, .events] {
            guard let offset = later[section] else { continue }
            reader.position = offset
            try decodeSection(section)
        }
        reader.position = end

        if let format, format != TimelineLoader.formatName {
            report(formatOffset, "unsupported format \"\(TerminalText.sanitize(format))\"; this version of tl reads \"\(TimelineLoader.formatName)\"")
        }
        missing(object)
        for change in changeEvents where !eventIDs.isDeclared(change.id) {
            report(change.offset, "unknown event \"\(TerminalText.sanitize(change.id))\"")
        }
        guard let title, problems.isEmpty else { return nil }
        // The timeline builds indexes of its own; these would only add to the peak.
        (sourceIDs, personIDs, measureIDs, eventIDs, changeEvents) = (IDRegistry(), IDRegistry(), IDRegistry(), IDRegistry(), [])
        // (No preview of every event here: it would cost a third full copy and index of the
        // events, and the finished timeline follows after the check.)
        guard checksQuotesAsItReads || checkSources() else { return nil }
        sourceTexts = [:]
        progress?(LoadProgress(.indexing, done: 0, total: 0, events: events.count))
        // Handed over, not shared: the timeline sorts them in place, which a second owner would turn into a copy.
        var (sources, people, measures, events) = ([Source](), [Person](), [Measure](), [Event]())
        swap(&sources, &self.sources)
        swap(&people, &self.people)
        swap(&measures, &self.measures)
        swap(&events, &self.events)
        return Timeline(title: title, description: description, sources: consume sources, people: consume people,
                        measures: consume measures, events: consume events)
    }

    mutating func decodeSection(_ section: TopField) throws {
        sectionStart = reader.position
        defer { sectionsRead += reader.position - sectionStart; sectionStart = reader.position }
        switch section {
        case .sources:
            try elements { d in
                if let source = try d.decodeSource() { d.sources.append(source) }
                if d.sources.count % 1024 == 0 { d.reportProgress() }
            }
            if !checksQuotesAsItReads { sourceReading = SourceReading(sources.map(\.file), from: files) }
        case .people:
            try elements { d in
                if let person = try d.decodePerson() {
                    d.personIndex[person.id] = d.people.count
                    d.people.append(person)
                }
            }
        case .measures:
            try elements { d in
                if let measure = try d.decodeMeasure() { d.measures.append(measure) }
            }
        default:
            try elements(ifEmpty: "the timeline has no events; add at least one") { d in
                if let event = try d.decodeEvent() { d.events.append(event) }
                if d.events.count % 4096 == 0 {
                    if d.events.count == 4096 { d.reserveForTheRestOfTheEvents() }
                    d.file.release(before: d.reader.position - (1 << 20))
                    d.reportProgress()
                }
                if d.events.count == d.nextPreview {
                    d.sendPreview()
                    d.nextPreview *= 4
                }
            }
        }
    }

    /// Makes room for as many events as the rest of the file holds at the size of those read so
    /// far: a million events then cost no doubling copies of the array and no rehashing of their
    /// ids, and no moment with the old and the new array both alive.
    mutating func reserveForTheRestOfTheEvents() {
        let bytesPerEvent = Double(reader.position - sectionStart) / Double(events.count)
        let estimate = Int(Double(reader.bytes.count - sectionStart) / bytesPerEvent * 1.02)
        events.reserveCapacity(estimate)
        eventIDs.reserve(estimate)
    }

    /// Reads the id field at the reader (a string without spaces or control characters) and
    /// declares it, valid or not.
    mutating func id(_ kind: IDRegistry.Kind) throws -> String? {
        let offset = reader.position
        guard let id = try string() else { return nil }
        withIDs(kind) { $0.declare(id) }
        let printableASCII = id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        if !printableASCII, id.unicodeScalars.contains(where: { $0.properties.isWhitespace || TerminalText.isUnsafe($0) }) {
            report(offset, "id \"\(TerminalText.sanitize(id))\" must not contain spaces or control characters")
            return nil
        }
        return id
    }

    /// Whether `id` is new among valid entries; reports it as a duplicate of its first use otherwise.
    mutating func isFirstUse(of id: String, _ kind: IDRegistry.Kind, at offset: Int) -> Bool {
        guard let first = withIDs(kind, { $0.use(id, at: offset) }) else { return true }
        problems.append(Problem(offset: offset, message: "duplicate \(kind.rawValue) id \"\(id)\"", firstUse: first))
        return false
    }

    mutating func withIDs<R>(_ kind: IDRegistry.Kind, _ body: (inout IDRegistry) -> R) -> R {
        switch kind {
        case .source: body(&sourceIDs)
        case .person: body(&personIDs)
        case .measure: body(&measureIDs)
        case .event: body(&eventIDs)
        }
    }

    // MARK: Sources

    mutating func decodeSource() throws -> Source? {
        guard var object = try beginObject(SourceField.self) else { return nil }
        var id: String?, outlet: String?, title: String?, author: String?, kind: SourceKind?, published: Publication?
        var file: String?
        var fileOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case .id: id = try self.id(.source)
            case .outlet: outlet = try string()
            case .title: title = try string()
            case .author: author = try string(nullable: true)
            case .kind: kind = try enumeration("kind")
            case .published: published = try decodePublication()
            case .file:
                fileOffset = reader.position
                file = try string()
                if let path = file, path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                    report(fileOffset, "source file path \"\(TerminalText.sanitize(path))\" must be relative to the timeline's folder and stay inside it (no leading / and no ..)")
                    file = nil
                }
            }
        }
        missing(object)
        guard let file else { return nil }
        // The quick pass reads the text later, in `checkSources()`.
        var text = ""
        if checksQuotesAsItReads {
            switch readSourceText(file) {
            case .success(let read): text = read
            case .failure(let problem):
                if let diagnostic = problem.elsewhere {
                    problems.append(Problem(offset: fileOffset, message: "", elsewhere: diagnostic))
                } else {
                    report(fileOffset, problem.message)
                }
                return nil
            }
        }
        guard let id, let outlet, let title, let kind, let published, isFirstUse(of: id, .source, at: object.offset) else { return nil }
        sourceTexts[id] = SourceText(id: id, text: text, publication: published.date)
        return Source(id: id, outlet: outlet, title: title, author: author, kind: kind, published: published, file: file, text: text)
    }

    func readSourceText(_ file: String) -> Result<String, Problem> { TimelineDecoder.readSourceText(file, from: files) }

    /// A source file's text with its line endings normalised, or what is wrong with it.
    static func readSourceText(_ file: String, from files: TimelineFiles) -> Result<String, Problem> {
        switch files.read(file) {
        case .failure(let problem):
            return .failure(Problem(offset: 0, message: "source file \(files.displayPath(file)) \(problem.message)"))
        case .success(let raw):
            let normalised = normaliseLineEndings(raw.bytes)
            guard let decoded = String(validating: normalised, as: UTF8.self) else {
                let offset = normalised.withUnsafeBufferPointer(firstInvalidUTF8Offset)
                let (line, column) = lineAndColumn(of: offset, in: normalised)
                return .failure(Problem(offset: 0, message: "", elsewhere: Diagnostic(
                    file: files.displayPath(file), line: line, column: column, message: "invalid UTF-8 in source text")))
            }
            return .success(decoded)
        }
    }

    /// The quick pass's second half: reads every source text and finds every quote in it,
    /// filling in the offsets. False at the first thing wrong (the exact pass then says what).
    mutating func checkSources() -> Bool {
        progress?(LoadProgress(.checking, done: 0, total: sources.count, events: events.count))
        let read = sourceReading?.texts() ?? []
        sourceReading = nil
        guard read.count == sources.count else { return false }
        for s in sources.indices {
            guard let text = read[s] else { return false }
            sources[s].text = text
            sourceTexts[sources[s].id] = SourceText(id: sources[s].id, text: text, publication: sources[s].published.date)
        }
        progress?(LoadProgress(.checking, done: sources.count, total: sources.count, events: events.count))
        let texts = sourceTexts
        @Sendable func locate(_ quote: inout Quote) -> Bool {
            guard let source = texts[quote.source], case .found(let start, let end) = findQuote(quote, in: source) else { return false }
            (quote.start, quote.end) = (start, end)
            return true
        }
        return people.allSucceed { person in person.roles.allSucceed { locate(&$0.quote) } }
            && measures.allSucceed { measure in
                measure.quotes.allSucceed { locate(&$0) } && measure.changes.allSucceed { locate(&$0.quote) }
            }
            && events.inParallel { event in
                guard event.quotes.allSucceed({ locate(&$0) }) else { return false }
                guard var derivation = event.date.derivation else { return true }
                guard locate(&derivation.quote) else { return false }
                event.date.derivation = derivation
                return true
            }
    }

    mutating func decodePublication() throws -> Publication? {
        guard var object = try beginObject(PublicationField.self) else { return nil }
        var stated = true
        var date = DateFields()
        var time: String?, zone: String?, reason: String?
        while let field = try nextField(&object) {
            switch field {
            case .stated: stated = try bool() ?? true
            case .date, .precision: try readDateField(field == .date, into: &date)
            case .time:
                let offset = reader.position
                time = try string(nullable: true)
                if let text = time, !isClockTime(text) { report(offset, "time \"\(TerminalText.sanitize(text))\" is not a 24-hour HH:MM time") }
            case .timezone: zone = try string(nullable: true)
            case .reason: reason = try string(nullable: stated)
            }
        }
        // An inferred date must say why.
        missing(object, also: stated ? nil : .reason)
        guard let day = checkDate(date) else { return nil }
        return Publication(stated: stated, date: day, time: time, timeZone: zone, reason: reason)
    }

    func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }

    // MARK: People

    mutating func decodePerson() throws -> Person? {
        guard var object = try beginObject(PersonField.self) else { return nil }
        var id: String?, name: String?, country: String?
        var shortNames: [String] = []
        var roles: [Role] = []
        var allRolesValid = true
        while let field = try nextField(&object) {
            switch field {
            case .id: id = try self.id(.person)
            case .name: name = try string()
            case .shortNames:
                try elements { d in
                    let offset = d.reader.position
                    let kind = try d.reader.peekKind()
                    if kind == .string {
                        if let name = try d.string() { shortNames.append(name) }
                    } else {
                        d.report(offset, "expected a non-empty string, found \(kind.name)")
                        try d.reader.skipValue()
                    }
                }
            case .country: country = try string()
            case .roles:
                try elements(ifEmpty: "a person needs at least one role backed by a quote") { d in
                    if let role = try d.decodeRole() { roles.append(role) } else { allRolesValid = false }
                }
            }
        }
        missing(object)
        guard let id, let name, let country, allRolesValid, !roles.isEmpty, isFirstUse(of: id, .person, at: object.offset) else { return nil }
        return Person(id: id, name: name, shortNames: shortNames, country: country, roles: roles)
    }

    mutating func decodeRole() throws -> Role? {
        guard var object = try beginObject(RoleField.self) else { return nil }
        var title: String?
        var quote: Quote?
        while let field = try nextField(&object) {
            switch field {
            case .title: title = try string()
            case .quote: quote = try decodeQuote()
            }
        }
        missing(object)
        guard let title, let quote else { return nil }
        return Role(title: title, quote: quote)
    }

    // MARK: Measures

    mutating func decodeMeasure() throws -> Measure? {
        guard var object = try beginObject(MeasureField.self) else { return nil }
        var id: String?, name: String?, kind: MeasureKind?
        var covers = Coverage()
        var quotes: [Quote] = []
        var changes: [MeasureChange] = []
        var allValid = true
        while let field = try nextField(&object) {
            switch field {
            case .id: id = try self.id(.measure)
            case .name: name = try string()
            case .kind: kind = try enumeration("kind")
            case .covers: covers = try decodeCoverage() ?? covers
            case .quotes:
                try elements { d in
                    if let quote = try d.decodeQuote() { quotes.append(quote) } else { allValid = false }
                }
            case .changes:
                try elements { d in
                    if let change = try d.decodeChange() { changes.append(change) } else { allValid = false }
                }
            }
        }
        missing(object)
        guard let id, let name, let kind, allValid, isFirstUse(of: id, .measure, at: object.offset) else { return nil }
        return Measure(id: id, name: name, kind: kind, covers: covers, quotes: quotes, changes: changes)
    }

    mutating func decodeCoverage() throws -> Coverage? {
        guard var object = try beginObject(CoverageField.self) else { return nil }
        var covers = Coverage()
        while let field = try nextField(&object) {
            switch field {
            case .amount: covers.amount = try string(nullable: true)
            case .rate: covers.rate = try string(nullable: true)
            case .products: covers.products = try string(nullable: true)
            }
        }
        return covers
    }

    mutating func decodeChange() throws -> MeasureChange? {
        guard var object = try beginObject(ChangeField.self) else { return nil }
        var event: String?, status: MeasureStatus?, note: String?, quote: Quote?
        while let field = try nextField(&object) {
            switch field {
            case .event:
                let offset = reader.position
                event = try string()
                if let event { changeEvents.append((event, offset)) }
                if changeEvents.count % 4096 == 0 { reportProgress() }
            case .status: status = try enumeration("status")
            case .note: note = try string(nullable: true)
            case .quote: quote = try decodeQuote()
            }
        }
        missing(object)
        guard let event, let status, let quote else { return nil }
        return MeasureChange(event: event, status: status, note: note, quote: quote)
    }

    // MARK: Events

    mutating func decodeEvent() throws -> Event? {
        guard var object = try beginObject(EventField.self) else { return nil }
        var id: String?, title: String?, summary: String?
        var date = DateFields()
        var derivation: (quote: Quote?, anchor: TimelineDate?, note: String?, offset: Int)?
        var background = false
        var participants: [Participant] = []
        var quotes: [Quote] = []
        var allValid = true
        while let field = try nextField(&object) {
            switch field {
            case .id: id = try self.id(.event)
            case .date, .precision: try readDateField(field == .date, into: &date)
            case .derivedFrom:
                let offset = reader.position
                if let fields = try decodeDerivation() {
                    derivation = (fields.quote, fields.anchor, fields.note, offset)
                } else {
                    allValid = false
                }
            case .title: title = try string()
            case .summary: summary = try string()
            case .background: background = try bool() ?? false
            case .people:
                try elements { d in
                    if let participant = try d.decodeParticipant() { participants.append(participant) } else { allValid = false }
                }
            case .quotes:
                try elements(ifEmpty: "an event needs at least one quote from a source") { d in
                    if let quote = try d.decodeQuote() { quotes.append(quote) } else { allValid = false }
                }
            }
        }
        missing(object)
        let day = checkDate(date)
        var dateDerivation: DateDerivation?
        if let derivation {
            // Checked here, not in the derivation itself: the date may come after it in the object.
            guard let quote = derivation.quote, let anchor = derivation.anchor else { return nil }
            if let day, let resolved = RelativeDate.resolve(quote.text, against: anchor), resolved != day {
                report(derivation.offset, "\"\(TerminalText.sanitize(quote.text))\" resolved against \(anchor.iso) is \(resolved.iso), not \(day.iso)")
                return nil
            }
            dateDerivation = DateDerivation(quote: quote, anchor: anchor, note: derivation.note)
        }
        guard let id, let day, let title, let summary, allValid, !quotes.isEmpty, isFirstUse(of: id, .event, at: object.offset) else { return nil }
        return Event(id: id, date: EventDate(date: day, derivation: dateDerivation), title: title, summary: summary,
                     background: background, participants: participants, quotes: quotes)
    }

    mutating func decodeParticipant() throws -> Participant? {
        guard var object = try beginObject(ParticipantField.self) else { return nil }
        var personID: String?, role: String?, part: String?
        var personOffset = 0, roleOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case .person: personOffset = reader.position; personID = try string()
            case .role: roleOffset = reader.position; role = try string(nullable: true)
            case .part: part = try string()
            }
        }
        missing(object)
        guard let personID else { return nil }
        guard let p = personIndex[personID] else {
            if !personIDs.isDeclared(personID) { report(personOffset, "unknown person \"\(TerminalText.sanitize(personID))\"") }
            return nil
        }
        // The role's title as the person holds it: one string shared, not one per event.
        let held = role.flatMap { role in people[p].roles.first { $0.title == role }?.title }
        if let role, held == nil {
            let known = people[p].roles.map { "\"\($0.title)\"" }.joined(separator: ", ")
            report(roleOffset, "\(people[p].name) has no role \"\(TerminalText.sanitize(role))\"; their roles are \(known)")
            return nil
        }
        guard let part else { return nil }
        return Participant(person: personID, role: held ?? people[p].roles[0].title, part: part)
    }

    mutating func decodeDerivation() throws -> (quote: Quote?, anchor: TimelineDate?, note: String?)? {
        guard var object = try beginObject(DerivationField.self) else { return nil }
        var selector = QuoteFields()
        var note: String?
        var anchor: TimelineDate?
        while let field = try nextField(&object) {
            switch field {
            case .phrase: try readQuoteField(.text, into: &selector)
            case .source: try readQuoteField(.source, into: &selector)
            case .prefix: try readQuoteField(.prefix, into: &selector)
            case .suffix: try readQuoteField(.suffix, into: &selector)
            case .anchor:
                let offset = reader.position
                guard let text = try string() else { continue }
                switch TimelineDate.parse(text) {
                case .success(let d): anchor = d
                case .failure(.malformed): report(offset, "anchor \"\(TerminalText.sanitize(text))\" is not a date like 2019-07-10, 2019-W28, 2019-07 or 2019")
                case .failure(.impossible(let why)): report(offset, "impossible anchor date \"\(text)\": \(why)")
                }
            case .note: note = try string(nullable: true)
            }
        }
        missing(object)
        let quote = locateQuote(selector)
        // Without an anchor, the phrase is read against its source's publication date.
        if !object.has(.anchor), let quote { anchor = sourceTexts[quote.source]?.publication }
        return (quote, anchor, note)
    }

    // MARK: Quotes

    /// Decodes a quote selector and finds it in its source.
    mutating func decodeQuote() throws -> Quote? {
        guard var object = try beginObject(QuoteField.self) else { return nil }
        var selector = QuoteFields()
        while let field = try nextField(&object) {
            try readQuoteField(field, into: &selector)
        }
        missing(object)
        return locateQuote(selector)
    }

    mutating func readQuoteField(_ field: QuoteField, into selector: inout QuoteFields) throws {
        let offset = reader.position
        switch field {
        case .source: selector.sourceOffset = offset; selector.source = try string()
        case .text: selector.textOffset = offset; selector.text = try string()
        case .prefix: selector.prefix = try string(nullable: true)
        case .suffix: selector.suffix = try string(nullable: true)
        }
    }

    /// The quote the selector describes. The exact pass finds it in its source now (reporting
    /// where it is not); the quick pass only checks that its source exists.
    mutating func locateQuote(_ selector: QuoteFields) -> Quote? {
        guard let sourceID = selector.source, let text = selector.text else { return nil }
        guard let source = sourceTexts[sourceID] else {
            if sourceIDs.isDeclared(sourceID) { return nil }
            let known = sourceTexts.keys.sorted()
            let shown = known.prefix(12).map { "\"\($0)\"" }.joined(separator: ", ") + (known.count > 12 ? " and \(known.count - 12) more" : "")
            report(selector.sourceOffset, "unknown source \"\(TerminalText.sanitize(sourceID))\"" + (known.isEmpty ? "" : "; known sources are \(shown)"))
            return nil
        }
        var quote = Quote(source: sourceID, text: text, prefix: selector.prefix, suffix: selector.suffix, start: 0, end: 0)
        guard checksQuotesAsItReads else { return quote }
        switch findQuote(quote, in: source) {
        case .found(let start, let end):
            (quote.start, quote.end) = (start, end)
            return quote
        case .absent:
            report(selector.textOffset, notFoundMessage(Array(text.utf8), in: source))
        case .neverInContext(let lines):
            report(selector.textOffset, "the quote is in source \"\(sourceID)\" (line \(lines)) but never with the given prefix and suffix around it")
        case .ambiguous(let count, let lines):
            let how = quote.prefix == nil && quote.suffix == nil ? "add a \"prefix\" or \"suffix\"" : "make the \"prefix\" or \"suffix\" longer"
            report(selector.textOffset, "the quote occurs \(count) times in source \"\(sourceID)\" (lines \(lines)); \(how) to pick one")
        }
        return nil
    }

    /// Says how far the quote matches the source, so the user can find the typo.
    func notFoundMessage(_ needle: [UInt8], in source: SourceText) -> String {
        let haystack = Array(source.text.utf8)
        var low = 0
        var high = needle.count
        var found = 0
        while low <= high {
            let mid = (low + high) / 2
            let hit = needle[..<mid].withContiguousStorageIfAvailable { prefix in
                haystack.withUnsafeBufferPointer { occurrences(of: prefix, in: $0, limit: 1).first }
            } ?? nil
            if let hit {
                found = hit; low = mid + 1
            } else {
                high = mid - 1
            }
        }
        let matched = String(decoding: needle[..<high], as: UTF8.self)
        guard matched.count >= 8 else { return "the quote is not verbatim in source \"\(source.id)\"" }
        let line = lineAndColumn(of: found, in: haystack).line
        let sourceNext = String(decoding: haystack[(found + high)..<min(haystack.count, found + high + 24)], as: UTF8.self)
        let quoteNext = String(decoding: needle[high..<min(needle.count, high + 24)], as: UTF8.self)
        return "the quote is not verbatim in source \"\(source.id)\": it matches line \(line) up to \"…\(TerminalText.sanitize(String(matched.suffix(20))))\", "
            + "then the quote has \"\(TerminalText.sanitize(quoteNext))…\" where the source has \"\(TerminalText.sanitize(sourceNext))…\""
    }

    // MARK: Reading fields

    /// Starts on the object at the reader; anything else is reported and stepped over.
    mutating func beginObject<Field: ObjectField>(_: Field.Type) throws -> ObjectCursor<Field>? {
        let kind = try reader.peekKind()
        let offset = reader.position
        guard kind == .object else {
            report(offset, "expected an object, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        try reader.enterObject()
        return ObjectCursor(offset: offset)
    }

    /// The object's next known field, with the reader at its value; unknown fields are
    /// reported (a misspelt optional field must not be silently ignored) and skipped.
    mutating func nextField<Field>(_ object: inout ObjectCursor<Field>) throws -> Field? {
        while let (key, offset) = try reader.nextKey(first: object.first) {
            object.first = false
            if let index = object.schema.names.firstIndex(of: key) {
                guard object.seen & (1 << index) == 0 else { throw reader.error("duplicate field \"\(key)\"", at: offset) }
                object.seen |= 1 << index
                return object.schema.fields[index]
            }
            guard !object.unknown.contains(key) else { throw reader.error("duplicate field \"\(key)\"", at: offset) }
            object.unknown.append(key)
            // Suggest a known field only when the name looks like a typo of it.
            let known = object.schema.names
            let hint = known.min { editDistance($0, key) < editDistance($1, key) }
                .flatMap { editDistance($0, key) <= max(1, key.count / 3) ? " (did you mean \"\($0)\"?)" : nil }
            report(offset, "unknown field \"\(TerminalText.sanitize(key))\"\(hint ?? ""); allowed fields are \(known.joined(separator: ", "))")
            try reader.skipValue()
        }
        return nil
    }

    /// Reports each required field the object lacks (and `also`, when given).
    mutating func missing<Field>(_ object: ObjectCursor<Field>, also: Field? = nil) {
        let schema = object.schema
        let required = schema.required | (also.map(schema.bit) ?? 0)
        guard object.seen & required != required else { return }
        for index in schema.fields.indices where required & (1 << index) != 0 && object.seen & (1 << index) == 0 {
            report(object.offset, "missing required field \"\(schema.names[index])\" (\(schema.kinds[index]))")
        }
    }

    /// Reads each element of the array at the reader; anything else is reported and stepped
    /// over, and so is an empty array when `ifEmpty` says why it must not be.
    mutating func elements(ifEmpty: String? = nil, _ body: (inout TimelineDecoder) throws -> Void) throws {
        let kind = try reader.peekKind()
        let offset = reader.position
        guard kind == .array else {
            report(offset, "expected an array, found \(kind.name)")
            try reader.skipValue()
            return
        }
        try reader.enterArray()
        var count = 0
        while try reader.nextElement(first: count == 0) {
            count += 1
            try body(&self)
        }
        if count == 0, let ifEmpty { report(offset, ifEmpty) }
    }

    /// A field is a title, a name or a passage: a megabyte-long one is an attack on every
    /// screen that lays it out, not data (source texts live in their own files).
    static let maximumFieldBytes = 100_000

    /// Reads the string at the reader; `nullable` lets an optional field be null.
    mutating func string(nullable: Bool = false) throws -> String? {
        let offset = reader.position
        let kind = try reader.peekKind()
        if kind == .null && nullable {
            try reader.readNull()
            return nil
        }
        guard kind == .string else {
            report(offset, "expected a string, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        let text = try reader.readString()
        if text.utf8.count > TimelineDecoder.maximumFieldBytes {
            report(offset, "the text is \(text.utf8.count) bytes long; a field may hold at most \(TimelineDecoder.maximumFieldBytes)")
            return nil
        }
        // Most text starts with a printable ASCII character, which settles it without Unicode tables.
        if !(text.utf8.first.map { $0 > 0x20 && $0 < 0x7F } ?? false), text.allSatisfy(\.isWhitespace) {
            report(offset, "must not be empty")
            return nil
        }
        return text
    }

    mutating func bool() throws -> Bool? {
        let kind = try reader.peekKind()
        guard kind == .bool else {
            report(reader.position, "expected true or false, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        return try reader.readBool()
    }

    mutating func enumeration<T: RawRepresentable & CaseIterable>(_ key: String) throws -> T? where T.RawValue == String {
        let offset = reader.position
        guard let text = try string() else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            report(offset, "\"\(TerminalText.sanitize(text))\" is not a valid \(key); expected one of \(allowed)")
            return nil
        }
        return value
    }

    mutating func readDateField(_ isDate: Bool, into date: inout DateFields) throws {
        if isDate {
            date.textOffset = reader.position
            date.text = try string()
        } else {
            date.precisionOffset = reader.position
            date.precision = try enumeration("precision")
        }
    }

    /// The `date` and `precision` fields of `object`, checked against each other.
    mutating func checkDate(_ fields: DateFields) -> TimelineDate? {
        guard let text = fields.text else { return nil }
        let parsed: TimelineDate
        switch TimelineDate.parse(text) {
        case .success(let d): parsed = d
        case .failure(.malformed):
            report(fields.textOffset, "\"\(TerminalText.sanitize(text))\" is not a date; write 2019-07-09 (day), 2019-W27 (week), 2019-07 (month) or 2019 (year)")
            return nil
        case .failure(.impossible(let why)):
            report(fields.textOffset, "impossible date \"\(text)\": \(why)")
            return nil
        }
        guard let precision = fields.precision else { return nil }
        guard parsed.precision == precision else {
            report(fields.precisionOffset, "precision \"\(precision.rawValue)\" does not fit the date \"\(text)\", which is written with \(parsed.precision.rawValue) precision")
            return nil
        }
        return parsed
    }
}

/// Source texts read on a thread of their own while the rest of the timeline is decoded:
/// reading thousands of small files is mostly waiting on the file system.
final class SourceReading: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written by the reading thread before `finished` is signalled; nil for a file that cannot be read as text.
    private var read: [String?] = []

    init(_ paths: [String], from files: TimelineFiles) {
        DispatchQueue.global().async {
            self.read = paths.map { path in
                if case .success(let text) = TimelineDecoder.readSourceText(path, from: files) { text } else { nil }
            }
            self.finished.signal()
        }
    }

    /// Waits for every text.
    func texts() -> [String?] {
        finished.wait()
        finished.signal()
        return read
    }
}

extension Array {
    /// Whether `body` succeeds for every element, which it may change; stops at the first failure.
    mutating func allSucceed(_ body: (inout Element) -> Bool) -> Bool {
        for i in indices where !body(&self[i]) { return false }
        return true
    }

    /// The same, with the array cut in as many parts as there are cores, run at once.
    mutating func inParallel(_ body: @Sendable (inout Element) -> Bool) -> Bool {
        let parts = Swift.max(1, Swift.min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), count / 1024))
        guard parts > 1 else { return allSucceed(body) }
        let count = self.count
        var succeeded = [Bool](repeating: true, count: parts)
        withUnsafeMutableBufferPointer { elements in
            succeeded.withUnsafeMutableBufferPointer { succeeded in
                // Each part changes only its own elements and its own flag.
                nonisolated(unsafe) let elements = elements, succeeded = succeeded
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    for i in (count * part / parts)..<(count * (part + 1) / parts) where !body(&elements[i]) {
                        succeeded[part] = false
                        return
                    }
                }
            }
        }
        return !succeeded.contains(false)
    }
}

enum QuoteSearch {
    /// Its offsets, in Unicode scalars.
    case found(start: Int, end: Int)
    case absent
    /// In the source, but never between the given prefix and suffix; the lines it is on.
    case neverInContext(lines: String)
    case ambiguous(count: Int, lines: String)
}

/// Where `quote` (its text, between its prefix and suffix if given) is in `source`: once, or why not.
func findQuote(_ quote: Quote, in source: SourceText) -> QuoteSearch {
    let before = quote.prefix.map { Array($0.utf8) } ?? []
    let after = quote.suffix.map { Array($0.utf8) } ?? []
    var text = quote.text
    return source.withBytes { haystack in
        text.withUTF8 { needle -> QuoteSearch in
            let all = occurrences(of: needle, in: haystack)
            let chosen = before.isEmpty && after.isEmpty ? all : all.filter { start in
                start >= before.count && haystack[(start - before.count)..<start].elementsEqual(before)
                    && start + needle.count + after.count <= haystack.count
                    && haystack[(start + needle.count)..<(start + needle.count + after.count)].elementsEqual(after)
            }
            guard chosen.count == 1 else {
                if all.isEmpty { return .absent }
                let places = JSONLocator.places(of: all, in: haystack, paths: false)
                let lines = all.map { String(places[$0]!.line) }.joined(separator: ", ")
                return chosen.isEmpty ? .neverInContext(lines: lines) : .ambiguous(count: chosen.count, lines: lines)
            }
            // Offsets count Unicode scalars; in an ASCII source, bytes are scalars.
            let start = source.isASCII ? chosen[0] : scalarCount(haystack, upTo: chosen[0])
            let length = source.isASCII ? needle.count : quote.text.unicodeScalars.count
            return .found(start: start, end: start + length)
        }
    }
}

/// Every start offset of `needle` in `haystack`.
func occurrences(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> [Int] {
    guard let first = needle.first else { return [0] }
    guard let base = haystack.baseAddress, needle.count <= haystack.count else { return [] }
    var result: [Int] = []
    let last = haystack.count - needle.count
    var from = 0
    // memchr finds each candidate first byte at memory speed; memcmp checks the rest.
    while from <= last, let hit = memchr(base + from, Int32(first), last - from + 1) {
        let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 {
            result.append(offset)
            if result.count >= limit { break }
        }
        from = offset + 1
    }
    return result
}

func scalarCount(_ utf8: UnsafeBufferPointer<UInt8>, upTo offset: Int) -> Int {
    var count = 0
    for i in 0..<offset where utf8[i] & 0xC0 != 0x80 { count += 1 }
    return count
}

func normaliseLineEndings(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.contains(0x0D) else { return bytes }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for (i, byte) in bytes.enumerated() {
        if byte == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { continue }
        out.append(byte)
    }
    return out
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

