import Foundation

/// Where a timeline's files come from: a folder on disk, or the copy embedded in the binary.
public struct TimelineFiles: Sendable {
    public enum ReadProblem: Error, Sendable {
        case missing, isDirectory, notRegular, unreadable, outsideFolder
        var message: String {
            switch self {
            case .missing: "file not found"
            case .isDirectory: "is a directory, not a file"
            case .notRegular: "is not a regular file (a pipe or device cannot be read as text)"
            case .unreadable: "cannot be read (check its permissions)"
            case .outsideFolder: "leads outside the timeline's folder (through a symbolic link); a timeline may only read files inside its folder"
            }
        }
    }

    /// The timeline file's name, relative to the base.
    public var mainFile: String
    /// How a relative path is shown in messages.
    public var displayPath: @Sendable (String) -> String
    public var read: @Sendable (String) -> Result<[UInt8], ReadProblem>

    public init(mainFile: String, displayPath: @escaping @Sendable (String) -> String,
                read: @escaping @Sendable (String) -> Result<[UInt8], ReadProblem>) {
        self.mainFile = mainFile
        self.displayPath = displayPath
        self.read = read
    }

    /// `path` is a timeline file, or a folder holding `timeline.json`.
    public static func disk(_ path: String) -> TimelineFiles {
        var isDirectory: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        let base = isFolder ? path : (path as NSString).deletingLastPathComponent
        let main = isFolder ? "timeline.json" : (path as NSString).lastPathComponent
        let join: @Sendable (String) -> String = { relative in
            base.isEmpty ? relative : (base as NSString).appendingPathComponent(relative)
        }
        return TimelineFiles(mainFile: main, displayPath: join) { relative in
            let full = join(relative)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else { return .failure(.missing) }
            if isDir.boolValue { return .failure(.isDirectory) }
            let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
            if relative != main {
                // A dataset is untrusted: its sources must not reach files outside its folder.
                let folder = URL(fileURLWithPath: base.isEmpty ? "." : base).resolvingSymlinksInPath().path
                guard target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else { return .failure(.outsideFolder) }
            }
            // Only regular files: reading a pipe or a device could block for ever.
            guard (try? FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType) == .typeRegular else {
                return .failure(.notRegular)
            }
            guard let data = FileManager.default.contents(atPath: full) else { return .failure(.unreadable) }
            return .success([UInt8](data))
        }
    }

    /// Files held in memory, keyed by relative path.
    public static func memory(_ files: [String: String], mainFile: String = "timeline.json", label: String) -> TimelineFiles {
        TimelineFiles(mainFile: mainFile, displayPath: { "\(label)/\($0)" }) { relative in
            guard let text = files[relative] else { return .failure(.missing) }
            return .success(Array(text.utf8))
        }
    }
}

public enum TimelineLoader {
    public static let formatName = "tl-timeline/1"

    public static func load(_ files: TimelineFiles) -> Result<Timeline, TimelineLoadError> {
        let mainName = files.displayPath(files.mainFile)
        let bytes: [UInt8]
        switch files.read(files.mainFile) {
        case .success(let b): bytes = b
        case .failure(let problem):
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: mainName, message: problem.message)]))
        }
        let root: JSONNode
        switch JSONParser.parse(bytes) {
        case .success(let node): root = node
        case .failure(let error):
            let (line, column) = lineAndColumn(of: error.offset, in: bytes)
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: mainName, line: line, column: column, message: error.message)]))
        }
        let decoder = TimelineDecoder(files: files, fileName: mainName, bytes: bytes)
        let timeline = decoder.decode(root)
        if decoder.diagnostics.isEmpty, let timeline { return .success(timeline) }
        return .failure(TimelineLoadError(diagnostics: decoder.diagnostics))
    }

    public static func load(path: String) -> Result<Timeline, TimelineLoadError> { load(.disk(path)) }
}

/// A value in the timeline file and its JSON path.
struct Located {
    let node: JSONNode
    let path: String
}

/// A source's text prepared for locating quotes.
struct SourceText {
    let id: String
    let utf8: [UInt8]
    let publication: TimelineDate?
}

final class TimelineDecoder {
    let files: TimelineFiles
    let fileName: String
    let bytes: [UInt8]
    private(set) var diagnostics: [Diagnostic] = []
    private var sourceTexts: [String: SourceText] = [:]
    private var declaredSourceIDs: Set<String> = []

    init(files: TimelineFiles, fileName: String, bytes: [UInt8]) {
        self.files = files
        self.fileName = fileName
        self.bytes = bytes
    }

    func report(_ at: Located, _ message: String) { report(offset: at.node.offset, path: at.path, message) }

    func report(offset: Int, path: String, _ message: String) {
        let (line, column) = lineAndColumn(of: offset, in: bytes)
        diagnostics.append(Diagnostic(file: fileName, line: line, column: column, path: path, message: message))
    }

    // MARK: Top level

    func decode(_ root: JSONNode) -> Timeline? {
        guard let top = ObjectReader(Located(node: root, path: "$"), self) else { return nil }
        top.finish(known: ["format", "title", "description", "sources", "people", "measures", "events"])
        if let format = top.string("format"), format != TimelineLoader.formatName {
            report(top.field("format")!, "unsupported format \"\(format)\"; this version of tl reads \"\(TimelineLoader.formatName)\"")
        }
        let title = top.string("title")
        let description = top.string("description", required: false)

        let sourceItems = top.array("sources")
        let personItems = top.array("people")
        let eventItems = top.array("events")
        let measureItems = top.array("measures")
        // Ids as written, so that an entry with some other problem is not also reported as unknown wherever it is used.
        declaredSourceIDs = declaredIDs(sourceItems)
        let declaredPeople = declaredIDs(personItems)
        let declaredEvents = declaredIDs(eventItems)
        if let eventsField = top.field("events"), case .array(let list) = eventsField.node.value, list.isEmpty {
            report(eventsField, "the timeline has no events; add at least one")
        }
        let sources = uniqueIDs(sourceItems.compactMap(decodeSource), kind: "source")
        let people = uniqueIDs(personItems.compactMap(decodePerson), kind: "person")
        let peopleByID = Dictionary(people.map { ($0.value.id, $0.value) }, uniquingKeysWith: { a, _ in a })
        let events = uniqueIDs(eventItems.compactMap { decodeEvent($0, people: peopleByID, declared: declaredPeople) }, kind: "event")
        let eventIDs = Set(events.map(\.value.id))
        let measures = uniqueIDs(measureItems.compactMap { decodeMeasure($0, eventIDs: eventIDs, declared: declaredEvents) }, kind: "measure")

        guard let title else { return nil }
        return Timeline(title: title, description: description, sources: sources.map(\.value), people: people.map(\.value),
                        measures: measures.map(\.value), events: events.map(\.value))
    }

    func declaredIDs(_ items: [Located]) -> Set<String> {
        Set(items.compactMap { item in
            guard case .object(let members) = item.node.value, case .string(let id)? = members.first(where: { $0.key == "id" })?.value.value else { return nil }
            return id
        })
    }

    /// Reports every id used twice, and keeps the first of each.
    func uniqueIDs<T: Identifiable>(_ items: [(value: T, at: Located)], kind: String) -> [(value: T, at: Located)] where T.ID == String {
        var seen: [String: Located] = [:]
        var kept: [(value: T, at: Located)] = []
        for item in items {
            if let first = seen[item.value.id] {
                let (line, _) = lineAndColumn(of: first.node.offset, in: bytes)
                report(item.at, "duplicate \(kind) id \"\(item.value.id)\"; it is first used at \(first.path) (line \(line))")
            } else {
                seen[item.value.id] = item.at
                kept.append(item)
            }
        }
        return kept
    }

    func id(_ reader: ObjectReader) -> String? {
        guard let id = reader.string("id") else { return nil }
        if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || TerminalText.isUnsafe($0) }) {
            report(reader.field("id")!, "id \"\(TerminalText.sanitize(id))\" must not contain spaces or control characters")
            return nil
        }
        return id
    }

    // MARK: Sources

    func decodeSource(_ at: Located) -> (value: Source, at: Located)? {
        guard let r = ObjectReader(at, self) else { return nil }
        r.finish(known: ["id", "outlet", "title", "author", "kind", "published", "file"])
        let id = id(r)
        let outlet = r.string("outlet")
        let title = r.string("title")
        let author = r.string("author", required: false)
        let kind: SourceKind? = r.enumeration("kind")
        let published = r.object("published").flatMap(decodePublication)
        var file = r.string("file")
        if let path = file, path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            report(r.field("file")!, "source file path \"\(TerminalText.sanitize(path))\" must be relative to the timeline's folder and stay inside it (no leading / and no ..)")
            file = nil
        }
        var text: String?
        if let file, let fileField = r.field("file") {
            switch files.read(file) {
            case .failure(let problem):
                report(fileField, "source file \(files.displayPath(file)) \(problem.message)")
            case .success(let raw):
                let normalised = normaliseLineEndings(raw)
                if let decoded = String(validating: normalised, as: UTF8.self) {
                    text = decoded
                } else {
                    let offset = normalised.withUnsafeBufferPointer(firstInvalidUTF8Offset)
                    let (line, column) = lineAndColumn(of: offset, in: normalised)
                    diagnostics.append(Diagnostic(file: files.displayPath(file), line: line, column: column, message: "invalid UTF-8 in source text"))
                }
            }
        }
        guard let id, let outlet, let title, let kind, let published, let file, let text else { return nil }
        sourceTexts[id] = SourceText(id: id, utf8: Array(text.utf8), publication: published.date)
        return (Source(id: id, outlet: outlet, title: title, author: author, kind: kind, published: published, file: file, text: text), at)
    }

    func decodePublication(_ r: ObjectReader) -> Publication? {
        r.finish(known: ["stated", "date", "precision", "time", "timezone", "reason"])
        let stated = r.bool("stated") ?? true
        let date = r.date()
        let time = r.string("time", required: false)
        if let time, !isClockTime(time) { report(r.field("time")!, "time \"\(TerminalText.sanitize(time))\" is not a 24-hour HH:MM time") }
        let zone = r.string("timezone", required: false)
        let reason = r.string("reason", required: !stated)
        guard let date else { return nil }
        return Publication(stated: stated, date: date, time: time, timeZone: zone, reason: reason)
    }

    func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }

    // MARK: People

    func decodePerson(_ at: Located) -> (value: Person, at: Located)? {
        guard let r = ObjectReader(at, self) else { return nil }
        r.finish(known: ["id", "name", "shortNames", "country", "roles"])
        let id = id(r)
        let name = r.string("name")
        let shortNames = r.stringArray("shortNames")
        let country = r.string("country")
        let roleItems = r.array("roles")
        if let field = r.field("roles"), roleItems.isEmpty, case .array = field.node.value {
            report(field, "a person needs at least one role backed by a quote")
        }
        let roles: [Role] = roleItems.compactMap { item in
            guard let rr = ObjectReader(item, self) else { return nil }
            rr.finish(known: ["title", "quote"])
            let title = rr.string("title")
            let quote = rr.object("quote").flatMap(decodeQuote)
            guard let title, let quote else { return nil }
            return Role(title: title, quote: quote)
        }
        guard let id, let name, let country, roles.count == roleItems.count, !roles.isEmpty else { return nil }
        return (Person(id: id, name: name, shortNames: shortNames, country: country, roles: roles), at)
    }

    // MARK: Measures

    func decodeMeasure(_ at: Located, eventIDs: Set<String>, declared: Set<String>) -> (value: Measure, at: Located)? {
        guard let r = ObjectReader(at, self) else { return nil }
        r.finish(known: ["id", "name", "kind", "covers", "quotes", "changes"])
        let id = id(r)
        let name = r.string("name")
        let kind: MeasureKind? = r.enumeration("kind")
        var covers = Coverage()
        if let c = r.object("covers", required: false) {
            c.finish(known: ["amount", "rate", "products"])
            covers = Coverage(amount: c.string("amount", required: false), rate: c.string("rate", required: false),
                              products: c.string("products", required: false))
        }
        let quoteItems = r.array("quotes", required: false)
        let quotes = quoteItems.compactMap { ObjectReader($0, self).flatMap(decodeQuote) }
        let changeItems = r.array("changes")
        let changes: [MeasureChange] = changeItems.compactMap { item in
            guard let cr = ObjectReader(item, self) else { return nil }
            cr.finish(known: ["event", "status", "note", "quote"])
            let event = cr.string("event")
            if let event, !declared.contains(event) {
                report(cr.field("event")!, "unknown event \"\(TerminalText.sanitize(event))\"")
            }
            let status: MeasureStatus? = cr.enumeration("status")
            let note = cr.string("note", required: false)
            let quote = cr.object("quote").flatMap(decodeQuote)
            guard let event, eventIDs.contains(event), let status, let quote else { return nil }
            return MeasureChange(event: event, status: status, note: note, quote: quote)
        }
        guard let id, let name, let kind, quotes.count == quoteItems.count, changes.count == changeItems.count else { return nil }
        return (Measure(id: id, name: name, kind: kind, covers: covers, quotes: quotes, changes: changes), at)
    }

    // MARK: Events

    func decodeEvent(_ at: Located, people: [String: Person], declared: Set<String>) -> (value: Event, at: Located)? {
        guard let r = ObjectReader(at, self) else { return nil }
        r.finish(known: ["id", "date", "precision", "derivedFrom", "title", "summary", "background", "people", "quotes"])
        let id = id(r)
        let date = r.date()
        var derivation: DateDerivation?
        var derivationOK = true
        if let d = r.object("derivedFrom", required: false) {
            derivation = decodeDerivation(d, date: date)
            derivationOK = derivation != nil
        }
        let title = r.string("title")
        let summary = r.string("summary")
        let background = r.bool("background") ?? false
        let participantItems = r.array("people", required: false)
        let participants: [Participant] = participantItems.compactMap { item in
            guard let pr = ObjectReader(item, self) else { return nil }
            pr.finish(known: ["person", "role", "part"])
            let personID = pr.string("person")
            let role = pr.string("role", required: false)
            let part = pr.string("part")
            guard let personID else { return nil }
            guard let person = people[personID] else {
                if !declared.contains(personID) { report(pr.field("person")!, "unknown person \"\(TerminalText.sanitize(personID))\"") }
                return nil
            }
            if let role, !person.roles.contains(where: { $0.title == role }) {
                let known = person.roles.map { "\"\($0.title)\"" }.joined(separator: ", ")
                report(pr.field("role")!, "\(person.name) has no role \"\(TerminalText.sanitize(role))\"; their roles are \(known)")
                return nil
            }
            guard let part else { return nil }
            return Participant(person: personID, role: role ?? person.roles[0].title, part: part)
        }
        let quoteItems = r.array("quotes")
        if let field = r.field("quotes"), quoteItems.isEmpty, case .array = field.node.value {
            report(field, "an event needs at least one quote from a source")
        }
        let quotes = quoteItems.compactMap { ObjectReader($0, self).flatMap(decodeQuote) }
        guard let id, let date, derivationOK, let title, let summary, participants.count == participantItems.count,
              quotes.count == quoteItems.count, !quotes.isEmpty else { return nil }
        return (Event(id: id, date: EventDate(date: date, derivation: derivation), title: title, summary: summary,
                      background: background, participants: participants, quotes: quotes), at)
    }

    func decodeDerivation(_ r: ObjectReader, date: TimelineDate?) -> DateDerivation? {
        r.finish(known: ["phrase", "source", "prefix", "suffix", "anchor", "note"])
        let quote = decodeQuote(r, textKey: "phrase")
        let note = r.string("note", required: false)
        var anchor: TimelineDate?
        if let anchorField = r.field("anchor") {
            if case .string(let text) = anchorField.node.value {
                switch TimelineDate.parse(text) {
                case .success(let d): anchor = d
                case .failure(.malformed): report(anchorField, "anchor \"\(TerminalText.sanitize(text))\" is not a date like 2019-07-10, 2019-W28, 2019-07 or 2019")
                case .failure(.impossible(let why)): report(anchorField, "impossible anchor date \"\(text)\": \(why)")
                }
            } else {
                report(anchorField, "expected a string, found \(anchorField.node.value.kindName)")
            }
        } else if let quote {
            anchor = sourceTexts[quote.source]?.publication
        }
        guard let quote, let anchor else { return nil }
        if let date, let resolved = RelativeDate.resolve(quote.text, against: anchor), resolved != date {
            report(r.located, "\"\(TerminalText.sanitize(quote.text))\" resolved against \(anchor.iso) is \(resolved.iso), not \(date.iso)")
            return nil
        }
        return DateDerivation(quote: quote, anchor: anchor, note: note)
    }

    // MARK: Quotes

    /// Decodes a quote selector and finds it in its source.
    func decodeQuote(_ r: ObjectReader) -> Quote? {
        r.finish(known: ["source", "text", "prefix", "suffix"])
        return decodeQuote(r, textKey: "text")
    }

    func decodeQuote(_ r: ObjectReader, textKey: String) -> Quote? {
        let sourceID = r.string("source")
        let text = r.string(textKey)
        let prefix = r.string("prefix", required: false)
        let suffix = r.string("suffix", required: false)
        guard let sourceID, let text else { return nil }
        guard let source = sourceTexts[sourceID] else {
            if declaredSourceIDs.contains(sourceID) { return nil }
            let known = sourceTexts.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            report(r.field("source")!, "unknown source \"\(TerminalText.sanitize(sourceID))\"" + (known.isEmpty ? "" : "; known sources are \(known)"))
            return nil
        }
        let needle = Array(text.utf8)
        let all = occurrences(of: needle, in: source.utf8)
        let textField = r.field(textKey)!
        guard !all.isEmpty else {
            report(textField, notFoundMessage(needle, in: source))
            return nil
        }
        let before = prefix.map { Array($0.utf8) } ?? []
        let after = suffix.map { Array($0.utf8) } ?? []
        let chosen = all.filter { start in
            start >= before.count && source.utf8[(start - before.count)..<start].elementsEqual(before)
                && start + needle.count + after.count <= source.utf8.count
                && source.utf8[(start + needle.count)..<(start + needle.count + after.count)].elementsEqual(after)
        }
        let lines = all.map { String(lineAndColumn(of: $0, in: source.utf8).line) }.joined(separator: ", ")
        if chosen.isEmpty {
            report(textField, "the quote is in source \"\(sourceID)\" (line \(lines)) but never with the given prefix and suffix around it")
            return nil
        }
        if chosen.count > 1 {
            let how = prefix == nil && suffix == nil ? "add a \"prefix\" or \"suffix\"" : "make the \"prefix\" or \"suffix\" longer"
            report(textField, "the quote occurs \(chosen.count) times in source \"\(sourceID)\" (lines \(lines)); \(how) to pick one")
            return nil
        }
        let start = scalarCount(source.utf8, upTo: chosen[0])
        return Quote(source: sourceID, text: text, prefix: prefix, suffix: suffix, start: start, end: start + text.unicodeScalars.count)
    }

    /// Says how far the quote matches the source, so the user can find the typo.
    func notFoundMessage(_ needle: [UInt8], in source: SourceText) -> String {
        var low = 0
        var high = needle.count
        var found = 0
        while low <= high {
            let mid = (low + high) / 2
            if let hit = occurrences(of: Array(needle[..<mid]), in: source.utf8, limit: 1).first {
                found = hit; low = mid + 1
            } else {
                high = mid - 1
            }
        }
        let matched = String(decoding: needle[..<high], as: UTF8.self)
        guard matched.count >= 8 else { return "the quote is not verbatim in source \"\(source.id)\"" }
        let line = lineAndColumn(of: found, in: source.utf8).line
        let sourceNext = String(decoding: source.utf8[(found + high)..<min(source.utf8.count, found + high + 24)], as: UTF8.self)
        let quoteNext = String(decoding: needle[high..<min(needle.count, high + 24)], as: UTF8.self)
        return "the quote is not verbatim in source \"\(source.id)\": it matches line \(line) up to \"…\(TerminalText.sanitize(String(matched.suffix(20))))\", "
            + "then the quote has \"\(TerminalText.sanitize(quoteNext))…\" where the source has \"\(TerminalText.sanitize(sourceNext))…\""
    }
}

/// Every start offset of `needle` in `haystack`.
func occurrences(of needle: [UInt8], in haystack: [UInt8], limit: Int = .max) -> [Int] {
    guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty ? [0] : [] }
    var result: [Int] = []
    let first = needle[0]
    var i = 0
    let last = haystack.count - needle.count
    haystack.withUnsafeBufferPointer { h in
        needle.withUnsafeBufferPointer { n in
            while i <= last {
                if h[i] == first && memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 {
                    result.append(i)
                    if result.count >= limit { return }
                }
                i += 1
            }
        }
    }
    return result
}

func scalarCount(_ utf8: [UInt8], upTo offset: Int) -> Int {
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

/// Reads the fields of one JSON object, reporting what is missing, mistyped or unknown.
struct ObjectReader {
    let located: Located
    let members: [JSONMember]
    let decoder: TimelineDecoder

    init?(_ located: Located, _ decoder: TimelineDecoder) {
        guard case .object(let members) = located.node.value else {
            decoder.report(located, "expected an object, found \(located.node.value.kindName)")
            return nil
        }
        self.located = located
        self.members = members
        self.decoder = decoder
    }

    func field(_ key: String) -> Located? {
        members.first { $0.key == key }.map { Located(node: $0.value, path: located.path + "." + key) }
    }

    /// Unknown fields are errors, so that a misspelt optional field is not silently ignored.
    func finish(known: [String]) {
        for member in members where !known.contains(member.key) {
            // Suggest a known field only when the name looks like a typo of it.
            let hint = known.min { editDistance($0, member.key) < editDistance($1, member.key) }
                .flatMap { editDistance($0, member.key) <= max(1, member.key.count / 3) ? " (did you mean \"\($0)\"?)" : nil }
            decoder.report(offset: member.keyOffset, path: located.path + "." + member.key,
                           "unknown field \"\(TerminalText.sanitize(member.key))\"\(hint ?? ""); allowed fields are \(known.joined(separator: ", "))")
        }
    }

    func missing(_ key: String, _ what: String) {
        decoder.report(located, "missing required field \"\(key)\" (\(what))")
    }

    func string(_ key: String, required: Bool = true) -> String? {
        guard let f = field(key) else {
            if required { missing(key, "a string") }
            return nil
        }
        if case .null = f.node.value, !required { return nil }
        guard case .string(let s) = f.node.value else {
            decoder.report(f, "expected a string, found \(f.node.value.kindName)")
            return nil
        }
        // A field is a title, a name or a passage: a megabyte-long one is an attack on every
        // screen that lays it out, not data (source texts live in their own files).
        if s.utf8.count > ObjectReader.maximumFieldBytes {
            decoder.report(f, "the text is \(s.utf8.count) bytes long; a field may hold at most \(ObjectReader.maximumFieldBytes)")
            return nil
        }
        if s.allSatisfy(\.isWhitespace) {
            decoder.report(f, "must not be empty")
            return nil
        }
        return s
    }

    static let maximumFieldBytes = 100_000

    func bool(_ key: String) -> Bool? {
        guard let f = field(key) else { return nil }
        guard case .bool(let b) = f.node.value else {
            decoder.report(f, "expected true or false, found \(f.node.value.kindName)")
            return nil
        }
        return b
    }

    func array(_ key: String, required: Bool = true) -> [Located] {
        guard let f = field(key) else {
            if required { missing(key, "an array") }
            return []
        }
        guard case .array(let items) = f.node.value else {
            decoder.report(f, "expected an array, found \(f.node.value.kindName)")
            return []
        }
        return items.enumerated().map { Located(node: $1, path: "\(f.path)[\($0)]") }
    }

    func object(_ key: String, required: Bool = true) -> ObjectReader? {
        guard let f = field(key) else {
            if required { missing(key, "an object") }
            return nil
        }
        return ObjectReader(f, decoder)
    }

    func stringArray(_ key: String) -> [String] {
        array(key, required: false).compactMap { item in
            guard case .string(let s) = item.node.value, !s.isEmpty else {
                decoder.report(item, "expected a non-empty string, found \(item.node.value.kindName)")
                return nil
            }
            return s
        }
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ key: String) -> T? where T.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            decoder.report(field(key)!, "\"\(TerminalText.sanitize(text))\" is not a valid \(key); expected one of \(allowed)")
            return nil
        }
        return value
    }

    /// The `date` and `precision` fields, checked against each other.
    func date() -> TimelineDate? {
        let text = string("date")
        let precision: DatePrecision? = enumeration("precision")
        guard let text, let dateField = field("date") else { return nil }
        let parsed: TimelineDate
        switch TimelineDate.parse(text) {
        case .success(let d): parsed = d
        case .failure(.malformed):
            decoder.report(dateField, "\"\(TerminalText.sanitize(text))\" is not a date; write 2019-07-09 (day), 2019-W27 (week), 2019-07 (month) or 2019 (year)")
            return nil
        case .failure(.impossible(let why)):
            decoder.report(dateField, "impossible date \"\(text)\": \(why)")
            return nil
        }
        guard let precision else { return nil }
        guard parsed.precision == precision else {
            decoder.report(field("precision")!, "precision \"\(precision.rawValue)\" does not fit the date \"\(text)\", which is written with \(parsed.precision.rawValue) precision")
            return nil
        }
        return parsed
    }
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

extension TimelineFiles {
    /// The trade-talks timeline embedded in the binary from data/.
    public static let bundled = TimelineFiles.memory(BundledTimeline.files, label: "(bundled) data")
}
