import Glibc

/// How far a load has got, for a progress bar.
public struct LoadProgress: Sendable, Equatable {
    public var bytesRead: Int
    public var totalBytes: Int
    public var events: Int
    /// Every byte is read and checked; the events are being sorted and indexed.
    public var indexing: Bool

    public init(bytesRead: Int, totalBytes: Int, events: Int, indexing: Bool = false) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.events = events
        self.indexing = indexing
    }
}

public enum TimelineLoader {
    public static let formatName = "tl-timeline/1"

    /// Reads and validates a timeline; `progress` is called now and then from the loading thread.
    public static func load(_ files: TimelineFiles, progress: (@Sendable (LoadProgress) -> Void)? = nil) -> Result<Timeline, TimelineLoadError> {
        let mainName = files.displayPath(files.mainFile)
        let file: FileBytes
        switch files.read(files.mainFile) {
        case .success(let bytes): file = bytes
        case .failure(let problem):
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: mainName, message: problem.message)]))
        }
        return file.withUnsafeBufferPointer { bytes in
            var decoder = TimelineDecoder(files: files, fileName: mainName, file: file, bytes: bytes, progress: progress)
            return decoder.decode()
        }
    }

    public static func load(path: String) -> Result<Timeline, TimelineLoadError> { load(.disk(path)) }
}

/// A source's text prepared for locating quotes (a class: a quote lookup then costs one retain).
final class SourceText {
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
struct Problem {
    var offset: Int
    var message: String
    /// For a duplicate id: where the id was first used, named at the end of the message.
    var firstUse: Int?
    /// A problem inside another file (a source text), reported as it is; `offset` is the
    /// field naming that file, which places it among the others.
    var elsewhere: Diagnostic?
}

/// The fields one kind of object may have, and which of them it must have.
final class Schema: Sendable {
    let names: [String]
    /// For each field, what it holds ("a string"), named when it is missing.
    let kinds: [String]
    let required: UInt32

    /// `fields` are (name, what it holds, whether it is required); a field's number is its place.
    init(_ fields: [(String, String, Bool)]) {
        names = fields.map(\.0)
        kinds = fields.map(\.1)
        required = fields.enumerated().reduce(0) { mask, field in field.element.2 ? mask | 1 << field.offset : mask }
    }

    static let top = Schema([("format", "a string", true), ("title", "a string", true), ("description", "a string", false),
                             ("sources", "an array", true), ("people", "an array", true), ("measures", "an array", true),
                             ("events", "an array", true)])
    static let source = Schema([("id", "a string", true), ("outlet", "a string", true), ("title", "a string", true),
                                ("author", "a string", false), ("kind", "a string", true), ("published", "an object", true),
                                ("file", "a string", true)])
    static let publication = Schema([("stated", "a boolean", false), ("date", "a string", true), ("precision", "a string", true),
                                     ("time", "a string", false), ("timezone", "a string", false), ("reason", "a string", false)])
    static let person = Schema([("id", "a string", true), ("name", "a string", true), ("shortNames", "an array", false),
                                ("country", "a string", true), ("roles", "an array", true)])
    static let role = Schema([("title", "a string", true), ("quote", "an object", true)])
    static let measure = Schema([("id", "a string", true), ("name", "a string", true), ("kind", "a string", true),
                                 ("covers", "an object", false), ("quotes", "an array", false), ("changes", "an array", true)])
    static let coverage = Schema([("amount", "a string", false), ("rate", "a string", false), ("products", "a string", false)])
    static let change = Schema([("event", "a string", true), ("status", "a string", true), ("note", "a string", false),
                                ("quote", "an object", true)])
    static let event = Schema([("id", "a string", true), ("date", "a string", true), ("precision", "a string", true),
                               ("derivedFrom", "an object", false), ("title", "a string", true), ("summary", "a string", true),
                               ("background", "a boolean", false), ("people", "an array", false), ("quotes", "an array", true)])
    static let participant = Schema([("person", "a string", true), ("role", "a string", false), ("part", "a string", true)])
    static let derivation = Schema([("phrase", "a string", true), ("source", "a string", true), ("prefix", "a string", false),
                                    ("suffix", "a string", false), ("anchor", "a string", false), ("note", "a string", false)])
    static let quote = Schema([("source", "a string", true), ("text", "a string", true), ("prefix", "a string", false),
                               ("suffix", "a string", false)])
}

/// The fields of one object as the decoder goes through them.
struct ObjectCursor {
    let offset: Int
    let schema: Schema
    var seen: UInt32 = 0
    var unknown: [String] = []
    var first = true

    func has(_ field: Int) -> Bool { seen & (1 << field) != 0 }
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

/// Reads a timeline file front to back, straight into the model, checking every field as it
/// goes and collecting every problem rather than stopping at the first.
struct TimelineDecoder {
    let files: TimelineFiles
    let fileName: String
    let file: FileBytes
    var reader: JSONReader
    let progress: (@Sendable (LoadProgress) -> Void)?
    var problems: [Problem] = []

    var sources: [Source] = []
    var people: [Person] = []
    var measures: [Measure] = []
    var events: [Event] = []
    var sourceTexts: [String: SourceText] = [:]
    var personIndex: [String: Int] = [:]
    /// Every id as written, valid entry or not (so that an entry with some other problem is not
    /// also reported as unknown wherever it is used), with the offset of its first valid entry
    /// (-1 until there is one), to name when the id comes again.
    var sourceIDs: [String: Int] = [:]
    var personIDs: [String: Int] = [:]
    var measureIDs: [String: Int] = [:]
    var eventIDs: [String: Int] = [:]
    /// Each measure change's event, checked once every event is read.
    var changeEvents: [(id: String, offset: Int)] = []

    enum Kind: String { case source, person, measure, event }

    init(files: TimelineFiles, fileName: String, file: FileBytes, bytes: UnsafeBufferPointer<UInt8>,
         progress: (@Sendable (LoadProgress) -> Void)?) {
        self.files = files
        self.fileName = fileName
        self.file = file
        self.reader = JSONReader(bytes: bytes)
        self.progress = progress
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
        progress?(LoadProgress(bytesRead: reader.position, totalBytes: reader.bytes.count, events: events.count))
    }

    // MARK: Top level

    mutating func decode() -> Result<Timeline, TimelineLoadError> {
        do {
            try reader.start()
            let timeline = try decodeTimeline()
            try reader.finish()
            reportProgress()
            if problems.isEmpty, let timeline { return .success(timeline) }
            return .failure(TimelineLoadError(diagnostics: diagnostics()))
        } catch let error as JSONSyntaxError {
            // A broken file is reported on its own: what was decoded before the break may be misread.
            let place = JSONLocator.places(of: [error.offset], in: reader.bytes, paths: false)[error.offset]!
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, line: place.line, column: place.column, message: error.message)]))
        } catch {
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, message: "\(error)")]))
        }
    }

    mutating func decodeTimeline() throws -> Timeline? {
        guard var object = try beginObject(Schema.top) else { return nil }
        var format: String?
        var formatOffset = 0
        var title: String?
        var description: String?
        var done: Set<Int> = []
        var later: [(field: Int, offset: Int)] = []
        // Quotes need their sources, and participants their people: a section that comes before
        // what it refers to is stepped over and read once the loop is done.
        func ready(_ field: Int) -> Bool {
            switch field {
            case 4, 5: done.contains(3)
            case 6: done.contains(3) && done.contains(4)
            default: true
            }
        }
        while let field = try nextField(&object) {
            switch field {
            case 0: formatOffset = reader.position; format = try string()
            case 1: title = try string()
            case 2: description = try string(nullable: true)
            default:
                if ready(field) {
                    try decodeSection(field)
                    done.insert(field)
                } else {
                    later.append((field, reader.position))
                    try reader.skipValue()
                }
            }
        }
        let end = reader.position
        for (field, offset) in later.sorted(by: { $0.field < $1.field }) {
            reader.position = offset
            try decodeSection(field)
        }
        reader.position = end

        if let format, format != TimelineLoader.formatName {
            report(formatOffset, "unsupported format \"\(TerminalText.sanitize(format))\"; this version of tl reads \"\(TimelineLoader.formatName)\"")
        }
        missing(object)
        for change in changeEvents where eventIDs[change.id] == nil {
            report(change.offset, "unknown event \"\(TerminalText.sanitize(change.id))\"")
        }
        guard let title, problems.isEmpty else { return nil }
        // The timeline builds indexes of its own; these would only add to the peak.
        (sourceIDs, personIDs, measureIDs, eventIDs, sourceTexts, changeEvents) = ([:], [:], [:], [:], [:], [])
        progress?(LoadProgress(bytesRead: reader.bytes.count, totalBytes: reader.bytes.count, events: events.count, indexing: true))
        // Handed over, not shared: the timeline sorts them in place, which a second owner would turn into a copy.
        var (sources, people, measures, events) = ([Source](), [Person](), [Measure](), [Event]())
        swap(&sources, &self.sources)
        swap(&people, &self.people)
        swap(&measures, &self.measures)
        swap(&events, &self.events)
        return Timeline(title: title, description: description, sources: consume sources, people: consume people,
                        measures: consume measures, events: consume events)
    }

    mutating func decodeSection(_ field: Int) throws {
        switch field {
        case 3:
            try elements { d in
                if let source = try d.decodeSource() { d.sources.append(source) }
                if d.sources.count % 1024 == 0 { d.reportProgress() }
            }
        case 4:
            try elements { d in
                if let person = try d.decodePerson() {
                    d.personIndex[person.id] = d.people.count
                    d.people.append(person)
                }
            }
        case 5:
            try elements { d in
                if let measure = try d.decodeMeasure() { d.measures.append(measure) }
            }
        default:
            let offset = reader.position
            let count = try elements { d in
                if let event = try d.decodeEvent() { d.events.append(event) }
                if d.events.count % 4096 == 0 {
                    d.file.release(before: d.reader.position - (1 << 20))
                    d.reportProgress()
                }
            }
            if count == 0, reader.bytes[offset] == UInt8(ascii: "[") { report(offset, "the timeline has no events; add at least one") }
        }
    }

    /// Reads the id field at the reader: a string without spaces or control characters.
    mutating func id(declare kind: Kind) throws -> String? {
        let offset = reader.position
        guard let id = try string() else { return nil }
        switch kind {
        case .source: sourceIDs[id] = sourceIDs[id] ?? -1
        case .person: personIDs[id] = personIDs[id] ?? -1
        case .event: eventIDs[id] = eventIDs[id] ?? -1
        case .measure: measureIDs[id] = measureIDs[id] ?? -1
        }
        let printableASCII = id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        if !printableASCII, id.unicodeScalars.contains(where: { $0.properties.isWhitespace || TerminalText.isUnsafe($0) }) {
            report(offset, "id \"\(TerminalText.sanitize(id))\" must not contain spaces or control characters")
            return nil
        }
        return id
    }

    /// Whether `id` is new; reports it as a duplicate of its first use otherwise.
    mutating func isFirstUse(of id: String, _ kind: Kind, at offset: Int) -> Bool {
        let first: Int?
        switch kind {
        case .source: first = sourceIDs.updateValue(offset, forKey: id)
        case .person: first = personIDs.updateValue(offset, forKey: id)
        case .event: first = eventIDs.updateValue(offset, forKey: id)
        case .measure: first = measureIDs.updateValue(offset, forKey: id)
        }
        guard let first, first >= 0 else { return true }
        // Put the first use back: it is the one kept, and the one later duplicates name.
        switch kind {
        case .source: sourceIDs[id] = first
        case .person: personIDs[id] = first
        case .event: eventIDs[id] = first
        case .measure: measureIDs[id] = first
        }
        problems.append(Problem(offset: offset, message: "duplicate \(kind.rawValue) id \"\(id)\"", firstUse: first))
        return false
    }

    // MARK: Sources

    mutating func decodeSource() throws -> Source? {
        guard var object = try beginObject(Schema.source) else { return nil }
        var id: String?, outlet: String?, title: String?, author: String?, kind: SourceKind?, published: Publication?
        var file: String?
        var fileOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case 0: id = try self.id(declare: .source)
            case 1: outlet = try string()
            case 2: title = try string()
            case 3: author = try string(nullable: true)
            case 4: kind = try enumeration("kind")
            case 5: published = try decodePublication()
            default:
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
        let text: String
        switch files.read(file) {
        case .failure(let problem):
            report(fileOffset, "source file \(files.displayPath(file)) \(problem.message)")
            return nil
        case .success(let raw):
            let normalised = normaliseLineEndings(raw.bytes)
            guard let decoded = String(validating: normalised, as: UTF8.self) else {
                let offset = normalised.withUnsafeBufferPointer(firstInvalidUTF8Offset)
                let (line, column) = lineAndColumn(of: offset, in: normalised)
                problems.append(Problem(offset: fileOffset, message: "", elsewhere: Diagnostic(
                    file: files.displayPath(file), line: line, column: column, message: "invalid UTF-8 in source text")))
                return nil
            }
            text = decoded
        }
        guard let id, let outlet, let title, let kind, let published, isFirstUse(of: id, .source, at: object.offset) else { return nil }
        sourceTexts[id] = SourceText(id: id, text: text, publication: published.date)
        return Source(id: id, outlet: outlet, title: title, author: author, kind: kind, published: published, file: file, text: text)
    }

    mutating func decodePublication() throws -> Publication? {
        guard var object = try beginObject(Schema.publication) else { return nil }
        var stated = true
        var date = DateFields()
        var time: String?, zone: String?, reason: String?
        while let field = try nextField(&object) {
            switch field {
            case 0: stated = try bool() ?? true
            case 1, 2: try readDateField(field == 1, into: &date)
            case 3:
                let offset = reader.position
                time = try string(nullable: true)
                if let text = time, !isClockTime(text) { report(offset, "time \"\(TerminalText.sanitize(text))\" is not a 24-hour HH:MM time") }
            case 4: zone = try string(nullable: true)
            default: reason = try string(nullable: stated)
            }
        }
        missing(object, also: stated ? nil : 5)
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
        guard var object = try beginObject(Schema.person) else { return nil }
        var id: String?, name: String?, country: String?
        var shortNames: [String] = []
        var roles: [Role] = []
        var allRolesValid = true
        while let field = try nextField(&object) {
            switch field {
            case 0: id = try self.id(declare: .person)
            case 1: name = try string()
            case 2:
                try elements { d in
                    let offset = d.reader.position
                    let kind = try d.reader.peekKind()
                    if kind == .string, let name = try d.string(), !name.isEmpty {
                        shortNames.append(name)
                    } else if kind != .string {
                        d.report(offset, "expected a non-empty string, found \(kind.name)")
                        try d.reader.skipValue()
                    }
                }
            case 3: country = try string()
            default:
                let offset = reader.position
                let count = try elements { d in
                    if let role = try d.decodeRole() { roles.append(role) } else { allRolesValid = false }
                }
                if count == 0, reader.bytes[offset] == UInt8(ascii: "[") { report(offset, "a person needs at least one role backed by a quote") }
            }
        }
        missing(object)
        guard let id, let name, let country, allRolesValid, !roles.isEmpty, isFirstUse(of: id, .person, at: object.offset) else { return nil }
        return Person(id: id, name: name, shortNames: shortNames, country: country, roles: roles)
    }

    mutating func decodeRole() throws -> Role? {
        guard var object = try beginObject(Schema.role) else { return nil }
        var title: String?
        var quote: Quote?
        while let field = try nextField(&object) {
            if field == 0 { title = try string() } else { quote = try decodeQuote() }
        }
        missing(object)
        guard let title, let quote else { return nil }
        return Role(title: title, quote: quote)
    }

    // MARK: Measures

    mutating func decodeMeasure() throws -> Measure? {
        guard var object = try beginObject(Schema.measure) else { return nil }
        var id: String?, name: String?, kind: MeasureKind?
        var covers = Coverage()
        var quotes: [Quote] = []
        var changes: [MeasureChange] = []
        var allValid = true
        while let field = try nextField(&object) {
            switch field {
            case 0: id = try self.id(declare: .measure)
            case 1: name = try string()
            case 2: kind = try enumeration("kind")
            case 3: covers = try decodeCoverage() ?? covers
            case 4:
                try elements { d in
                    if let quote = try d.decodeQuote() { quotes.append(quote) } else { allValid = false }
                }
            default:
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
        guard var object = try beginObject(Schema.coverage) else { return nil }
        var covers = Coverage()
        while let field = try nextField(&object) {
            switch field {
            case 0: covers.amount = try string(nullable: true)
            case 1: covers.rate = try string(nullable: true)
            default: covers.products = try string(nullable: true)
            }
        }
        return covers
    }

    mutating func decodeChange() throws -> MeasureChange? {
        guard var object = try beginObject(Schema.change) else { return nil }
        var event: String?, status: MeasureStatus?, note: String?, quote: Quote?
        while let field = try nextField(&object) {
            switch field {
            case 0:
                let offset = reader.position
                event = try string()
                if let event { changeEvents.append((event, offset)) }
            case 1: status = try enumeration("status")
            case 2: note = try string(nullable: true)
            default: quote = try decodeQuote()
            }
        }
        missing(object)
        guard let event, let status, let quote else { return nil }
        return MeasureChange(event: event, status: status, note: note, quote: quote)
    }

    // MARK: Events

    mutating func decodeEvent() throws -> Event? {
        guard var object = try beginObject(Schema.event) else { return nil }
        var id: String?, title: String?, summary: String?
        var date = DateFields()
        var derivation: (quote: Quote?, anchor: TimelineDate?, note: String?, offset: Int)?
        var background = false
        var participants: [Participant] = []
        var quotes: [Quote] = []
        var allValid = true
        while let field = try nextField(&object) {
            switch field {
            case 0: id = try self.id(declare: .event)
            case 1, 2: try readDateField(field == 1, into: &date)
            case 3:
                let offset = reader.position
                if let fields = try decodeDerivation() {
                    derivation = (fields.quote, fields.anchor, fields.note, offset)
                } else {
                    allValid = false
                }
            case 4: title = try string()
            case 5: summary = try string()
            case 6: background = try bool() ?? false
            case 7:
                try elements { d in
                    if let participant = try d.decodeParticipant() { participants.append(participant) } else { allValid = false }
                }
            default:
                let offset = reader.position
                let count = try elements { d in
                    if let quote = try d.decodeQuote() { quotes.append(quote) } else { allValid = false }
                }
                if count == 0, reader.bytes[offset] == UInt8(ascii: "[") { report(offset, "an event needs at least one quote from a source") }
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
        guard var object = try beginObject(Schema.participant) else { return nil }
        var personID: String?, role: String?, part: String?
        var personOffset = 0, roleOffset = 0
        while let field = try nextField(&object) {
            switch field {
            case 0: personOffset = reader.position; personID = try string()
            case 1: roleOffset = reader.position; role = try string(nullable: true)
            default: part = try string()
            }
        }
        missing(object)
        guard let personID else { return nil }
        guard let p = personIndex[personID] else {
            if personIDs[personID] == nil { report(personOffset, "unknown person \"\(TerminalText.sanitize(personID))\"") }
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
        guard var object = try beginObject(Schema.derivation) else { return nil }
        var selector = QuoteFields()
        var note: String?
        var anchor: TimelineDate?
        while let field = try nextField(&object) {
            switch field {
            case 0, 1, 2, 3: try readQuoteField(["text", "source", "prefix", "suffix"][field], into: &selector)
            case 4:
                let offset = reader.position
                let kind = try reader.peekKind()
                guard kind == .string else {
                    report(offset, "expected a string, found \(kind.name)")
                    try reader.skipValue()
                    continue
                }
                let text = try reader.readString()
                switch TimelineDate.parse(text) {
                case .success(let d): anchor = d
                case .failure(.malformed): report(offset, "anchor \"\(TerminalText.sanitize(text))\" is not a date like 2019-07-10, 2019-W28, 2019-07 or 2019")
                case .failure(.impossible(let why)): report(offset, "impossible anchor date \"\(text)\": \(why)")
                }
            default: note = try string(nullable: true)
            }
        }
        missing(object)
        let quote = locateQuote(selector)
        if !object.has(4), let quote { anchor = sourceTexts[quote.source]?.publication }
        return (quote, anchor, note)
    }

    // MARK: Quotes

    /// Decodes a quote selector and finds it in its source.
    mutating func decodeQuote() throws -> Quote? {
        guard var object = try beginObject(Schema.quote) else { return nil }
        var selector = QuoteFields()
        while let field = try nextField(&object) {
            try readQuoteField(Schema.quote.names[field], into: &selector)
        }
        missing(object)
        return locateQuote(selector)
    }

    mutating func readQuoteField(_ name: String, into selector: inout QuoteFields) throws {
        let offset = reader.position
        switch name {
        case "source": selector.sourceOffset = offset; selector.source = try string()
        case "text": selector.textOffset = offset; selector.text = try string()
        case "prefix": selector.prefix = try string(nullable: true)
        default: selector.suffix = try string(nullable: true)
        }
    }

    mutating func locateQuote(_ selector: QuoteFields) -> Quote? {
        guard let sourceID = selector.source, var text = selector.text else { return nil }
        guard let source = sourceTexts[sourceID] else {
            if sourceIDs[sourceID] != nil { return nil }
            let known = sourceTexts.keys.sorted()
            let shown = known.prefix(12).map { "\"\($0)\"" }.joined(separator: ", ") + (known.count > 12 ? " and \(known.count - 12) more" : "")
            report(selector.sourceOffset, "unknown source \"\(TerminalText.sanitize(sourceID))\"" + (known.isEmpty ? "" : "; known sources are \(shown)"))
            return nil
        }
        let (prefix, suffix) = (selector.prefix, selector.suffix)
        let before = prefix.map { Array($0.utf8) } ?? []
        let after = suffix.map { Array($0.utf8) } ?? []
        let (all, chosen, needleCount) = source.withBytes { haystack in
            text.withUTF8 { needle -> ([Int], [Int], Int) in
                let all = occurrences(of: needle, in: haystack)
                let chosen = before.isEmpty && after.isEmpty ? all : all.filter { start in
                    start >= before.count && haystack[(start - before.count)..<start].elementsEqual(before)
                        && start + needle.count + after.count <= haystack.count
                        && haystack[(start + needle.count)..<(start + needle.count + after.count)].elementsEqual(after)
                }
                return (all, chosen, needle.count)
            }
        }
        guard !all.isEmpty else {
            report(selector.textOffset, notFoundMessage(Array(text.utf8), in: source))
            return nil
        }
        guard chosen.count == 1 else {
            let lines = all.map { String(lineAndColumn(of: $0, in: Array(source.text.utf8)).line) }.joined(separator: ", ")
            if chosen.isEmpty {
                report(selector.textOffset, "the quote is in source \"\(sourceID)\" (line \(lines)) but never with the given prefix and suffix around it")
            } else {
                let how = prefix == nil && suffix == nil ? "add a \"prefix\" or \"suffix\"" : "make the \"prefix\" or \"suffix\" longer"
                report(selector.textOffset, "the quote occurs \(chosen.count) times in source \"\(sourceID)\" (lines \(lines)); \(how) to pick one")
            }
            return nil
        }
        // Offsets count Unicode scalars; in an ASCII source, bytes are scalars.
        let start = source.isASCII ? chosen[0] : source.withBytes { scalarCount($0, upTo: chosen[0]) }
        let length = source.isASCII ? needleCount : text.unicodeScalars.count
        return Quote(source: sourceID, text: text, prefix: prefix, suffix: suffix, start: start, end: start + length)
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
    mutating func beginObject(_ schema: Schema) throws -> ObjectCursor? {
        let kind = try reader.peekKind()
        let offset = reader.position
        guard kind == .object else {
            report(offset, "expected an object, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        try reader.enterObject()
        return ObjectCursor(offset: offset, schema: schema)
    }

    /// The number of the object's next known field, with the reader at its value; unknown
    /// fields are reported (a misspelt optional field must not be silently ignored) and skipped.
    mutating func nextField(_ object: inout ObjectCursor) throws -> Int? {
        while let (key, offset) = try reader.nextKey(first: object.first) {
            object.first = false
            if let field = object.schema.names.firstIndex(of: key) {
                guard !object.has(field) else { throw reader.error("duplicate field \"\(key)\"", at: offset) }
                object.seen |= 1 << field
                return field
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
    mutating func missing(_ object: ObjectCursor, also: Int? = nil) {
        let required = object.schema.required | (also.map { 1 << $0 } ?? 0)
        guard object.seen & required != required else { return }
        for field in object.schema.names.indices where required & (1 << field) != 0 && !object.has(field) {
            report(object.offset, "missing required field \"\(object.schema.names[field])\" (\(object.schema.kinds[field]))")
        }
    }

    /// Reads each element of the array at the reader; anything else is reported and stepped over.
    /// Returns how many elements there were.
    @discardableResult
    mutating func elements(_ body: (inout TimelineDecoder) throws -> Void) throws -> Int {
        let kind = try reader.peekKind()
        guard kind == .array else {
            report(reader.position, "expected an array, found \(kind.name)")
            try reader.skipValue()
            return 0
        }
        try reader.enterArray()
        var count = 0
        while try reader.nextElement(first: count == 0) {
            count += 1
            try body(&self)
        }
        return count
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

