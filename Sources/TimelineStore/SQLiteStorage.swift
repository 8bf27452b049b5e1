import Foundation
import GRDB
import Synchronization
import TimelineModel

/// A store built by `tl index`, read as the browser and the commands ask: an event, a
/// person's events, a screen of rows at a time. Each read is one indexed query; the last few
/// hundred events read are kept, so a redraw asks the store for nothing new.
public final class SQLiteStorage: TimelineStorage {
    /// The store's file.
    public let path: String
    /// The timeline file the store was built from, as it was then (none for the bundled timeline).
    public let builtFrom: Provenance.Stamp?
    let header: StoreHeader
    /// The people, few enough to hold.
    let people: [Person]
    /// How many events each person takes part in.
    private let eventCounts: [Int]
    private let queue: DatabaseQueue
    private let decoder = JSONDecoder()
    private let cache = Mutex(Cache())
    /// What to do when a read fails halfway through (the file was damaged or cut short after
    /// it was opened): report it and end, with the terminal restored.
    private let onFailure: @Sendable (StoreError) -> Never

    /// What was read last: enough for a few screens, so that redrawing one reads nothing
    /// again, and little enough to keep the browser small at any size.
    private struct Cache {
        var events = Recent<Int, Event>(limit: 1024)
        var rowOfEvent = Recent<Int, Int>(limit: 1024)
        var changesOfEvent = Recent<Int, [(measure: Int, change: Int)]>(limit: 1024)
        var changes = Recent<Pair, MeasureChange>(limit: 4096)
        var rows = Recent<Int, [TimelineRow]>(limit: 64)
        var sources = Recent<Int, Source>(limit: 16)
        var sourcesWithoutText = Recent<Int, Source>(limit: 1024)
        var changeDays = Recent<Int, [(first: Int, last: Int)]>(limit: 256)
        var measures = Recent<Int, Measure>(limit: 4096)
        var people = Recent<Int, [Int]>(limit: 64)
        var citations = Recent<Int, [Citation]>(limit: 64)
        var positions = Recent<String, Int?>(limit: 1024)
        /// The event last asked for, and the event whose changes were: reads go from neighbour to
        /// neighbour or jump (`span`).
        var lastEvent: Int?
        var lastChangesOfEvent: Int?
    }

    /// A measure and one of its changes, by position.
    private struct Pair: Hashable, Sendable {
        var first: Int
        var second: Int
    }

    /// Values by key, forgotten all at once when there are `limit` of them.
    private struct Recent<Key: Hashable & Sendable, Value: Sendable>: Sendable {
        let limit: Int
        var values: [Key: Value] = [:]

        init(limit: Int) { self.limit = limit }

        mutating func keep(_ value: Value, for key: Key) {
            if values.count >= limit { values.removeAll(keepingCapacity: true) }
            values[key] = value
        }
    }

    /// The value kept in `kind` for `key`, or made by `make` and kept.
    private func remembered<Key, Value>(_ kind: WritableKeyPath<Cache, Recent<Key, Value>> & Sendable, _ key: Key, _ make: () -> Value) -> Value {
        if let value = cache.withLock({ $0[keyPath: kind].values[key] }) { return value }
        let value = make()
        cache.withLock { $0[keyPath: kind].keep(value, for: key) }
        return value
    }

    /// Rows are read in pages of this many.
    private static let rowPage = 128

    /// Opens the store at `path`, checking that it is a whole store of a format this tl reads.
    public init(path: String, onFailure: @escaping @Sendable (StoreError) -> Never) throws(StoreError) {
        self.path = path
        self.onFailure = onFailure
        try Self.checkFile(path)
        var configuration = Configuration()
        configuration.readonly = true
        // The shared lock is taken once and kept: taken and given back around every read, it
        // cost a fifth of reading a million events one by one. (A new store is written beside
        // this one and renamed over it, so no writer ever waits for the lock.)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: StoreError.reason(error, file: path))
        }
        do {
            let (application, version, body) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                 try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'header'"))
            }
            guard application == StoreFormat.applicationID else { throw StoreError.notAStore(path: path) }
            guard version <= StoreFormat.version else { throw StoreError.newerVersion(path: path, version: version) }
            guard version == StoreFormat.version else { throw StoreError.olderVersion(path: path, version: version) }
            guard let body, let header = try? decoder.decode(StoreHeader.self, from: body) else {
                throw StoreError.damaged(path: path, reason: "its header cannot be read")
            }
            self.header = header
            builtFrom = try queue.read { db in try Row.fetchOne(db, sql: "SELECT path, size, modified, hash FROM built_from WHERE n = 0") }
                .map(Self.stamp)
            let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT events, body FROM person ORDER BY pos") }
            people = try rows.map { [decoder] in try decoder.decode(Person.self, from: $0["body"]) }
            eventCounts = rows.map { $0["events"] }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notAStore(path: path)
        } catch {
            throw StoreError.damaged(path: path, reason: StoreError.reason(error, file: path))
        }
    }

    /// How every SQLite file begins.
    private static let magic = Array("SQLite format 3\0".utf8)

    /// Whether the file at `path` is an SQLite file, by its first bytes (as SQLite itself tells).
    public static func isSQLite(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)).map(Array.init) == magic
    }

    /// Refuses a file that is not SQLite, or shorter than its own header says: SQLite would
    /// open either and fail only on the first page it lacks, halfway through browsing.
    private static func checkFile(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "file not found")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        let pageSize = head.count == 100 ? { $0 == 1 ? 65536 : $0 }(Int(head[16]) << 8 | Int(head[17])) : 0
        guard head.starts(with: magic), pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            throw StoreError.notAStore(path: path)
        }
        // The page count is valid when the change counter and the "version valid for" agree.
        let pages = head[24..<28] == head[92..<96] ? head[28..<32].reduce(0) { $0 << 8 | Int($1) } : 0
        let size = Int((try? handle.seekToEnd()) ?? 0)
        guard size >= pages * pageSize else { throw StoreError.truncated(path: path, size: size, expected: pages * pageSize) }
    }

    /// Why the store no longer matches the files it was built from (the first found changed or
    /// gone), or nil when it matches them all; only the timeline file without `sources` (a
    /// store may have a million). Read a file at a time, on a connection of its own, so that
    /// neither memory nor a browser reading the store at the same time waits for it.
    public func staleness(sources: Bool = true) -> String? {
        let sql = "SELECT path, size, modified, hash FROM built_from" + (sources ? "" : " WHERE n = 0") + " ORDER BY n"
        var configuration = Configuration()
        configuration.readonly = true
        let folder = (builtFrom.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path } ?? "") + "/"
        do {
            let connection = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? connection.close() }
            return try connection.read { db in
                let stamps = try Row.fetchCursor(db, sql: sql)
                while let row = try stamps.next() {
                    if let change = Provenance.change(since: Self.stamp(row), namedFrom: folder) { return change }
                }
                return nil
            }
        } catch {
            onFailure(.damaged(path: path, reason: StoreError.reason(error, file: path)))
        }
    }

    private static func stamp(_ row: Row) -> Provenance.Stamp {
        Provenance.Stamp(path: row[0], size: row[1], modified: row[2], hash: row[3])
    }

    /// The kinds of item with ids.
    public enum Kind: Sendable { case event, person, measure, source }

    /// The ids of one kind that start with `prefix`, in order (for shell completion).
    public func ids(of kind: Kind, startingWith prefix: String, limit: Int = 1000) -> [String] {
        let table: String
        switch kind {
        case .person: return people.map(\.id).filter { $0.hasPrefix(prefix) }
        case .event: table = "event"
        case .measure: table = "measure"
        case .source: table = "source"
        }
        // The ids from the prefix up to the first that no longer starts with it, by the index on id.
        return read("SELECT id FROM \(table) WHERE id >= ? ORDER BY id LIMIT ?", [prefix, limit]) { try String.fetchAll($0, arguments: $1) }
            .prefix(while: { $0.hasPrefix(prefix) }).map { $0 }
    }

    /// The timeline the store holds, read from it as it is asked for.
    public func timeline() -> Timeline {
        var t = Timeline(title: header.title, description: header.description, backgroundLabel: header.backgroundLabel, people: people, storage: self)
        t.measureKinds = header.measureKinds
        t.measureStatuses = header.measureStatuses
        t.warnings = header.warnings
        t.eras = header.eras
        t.scale = header.scale
        t.media = header.media
        t.format = header.format
        t.convertedFrom = header.convertedFrom
        return t
    }

    // MARK: TimelineStorage

    public var eventCount: Int { header.eventCount }
    public var backgroundEventCount: Int { header.backgroundEventCount }
    public var measureCount: Int { header.measureCount }
    public var sourceCount: Int { header.sourceCount }

    public func event(at position: Int) -> Event {
        let (kept, block) = cache.withLock { cache in
            defer { cache.lastEvent = position }
            return (cache.events.values[position], Self.span(of: position, after: cache.lastEvent))
        }
        if let kept { return kept }
        // Where its quotes are in their sources is kept apart: the build finds them a source at
        // a time, after the event is written. Its date's phrase comes after its quotes.
        var events: [(Int, Event)] = []
        read("""
            SELECT e.pos, e.body, q.part, q.start, q."end" FROM event e LEFT JOIN event_quote q ON q.event = e.pos
            WHERE e.pos >= ? AND e.pos < ? ORDER BY e.pos, q.part
            """, [block.lowerBound, block.upperBound]) { statement, arguments in
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                let pos: Int = row[0]
                if events.last?.0 != pos {
                    let body = row[1] as Data?
                    guard let event = body.flatMap(EventBytes.decode) else { onFailure(.damaged(path: path, reason: "an item cannot be read")) }
                    events.append((pos, event))
                }
                if row[2] != nil { Self.place(part: row[2], start: row[3], end: row[4], in: &events[events.count - 1].1) }
            }
        }
        guard let event = events.first(where: { $0.0 == position })?.1 else { onFailure(.damaged(path: path, reason: "an item is missing")) }
        cache.withLock { cache in
            for (pos, event) in events { cache.events.keep(event, for: pos) }
        }
        return event
    }

    /// Sets where one of `event`'s passages is, as `event_quote` keeps it: part `i` is its `i`th
    /// quote, and the part after them its date's phrase.
    private static func place(part: Int, start: Int, end: Int, in event: inout Event) {
        if event.quotes.indices.contains(part) {
            (event.quotes[part].start, event.quotes[part].end) = (start, end)
        } else if var derivation = event.date.derivation {
            (derivation.quote.start, derivation.quote.end) = (start, end)
            event.date.derivation = derivation
        }
    }

    /// Events are read a block of neighbours at a time while reads go from neighbour to
    /// neighbour (the rows of a screen, a move to the next screen): one query for 32 costs little
    /// more than one for one. A read far from the last is of its event alone: a person's events
    /// or a search's hits lie far apart, and 32 for each would cost more and push the events on
    /// screen out of what is kept.
    private static let eventBlock = 32

    /// The positions to read with `position`, given the one asked for before it.
    private static func span(of position: Int, after last: Int?) -> Range<Int> {
        guard let last, abs(position - last) <= eventBlock else { return position..<position + 1 }
        let first = position / eventBlock * eventBlock
        return first..<first + eventBlock
    }

    public func measure(at position: Int) -> Measure {
        remembered(\.measures, position) {
            readMeasure(at: position)
        }
    }

    private func readMeasure(at position: Int) -> Measure {
        let (body, changeCount) = read("SELECT body, changes FROM measure WHERE pos = ?", [position]) { statement, arguments in
            let row = try Row.fetchOne(statement, arguments: arguments)
            return (row?["body"] as Data?, row?["changes"] as Int? ?? 0)
        }
        var measure = decode(Measure.self, body)
        measure.changes = TimelineList(count: changeCount) { [self] c in
            remembered(\.changes, Pair(first: position, second: c)) {
                let row = read("SELECT body, start, \"end\" FROM change WHERE measure = ? AND n = ?", [position, c]) { try Row.fetchOne($0, arguments: $1) }
                return change(row?[0], start: row?[1], end: row?[2])
            }
        }
        return measure
    }

    public func source(at position: Int) -> Source {
        remembered(\.sources, position) {
            let row = read("SELECT body, text FROM source WHERE pos = ?", [position]) { try Row.fetchOne($0, arguments: $1) }
            var source = decode(Source.self, row?["body"] as Data?)
            source.text = row?["text"] ?? ""
            return source
        }
    }

    public func sourceWithoutText(at position: Int) -> Source {
        remembered(\.sourcesWithoutText, position) {
            decode(Source.self, read("SELECT body FROM source WHERE pos = ?", [position]) { try Data.fetchOne($0, arguments: $1) })
        }
    }

    public func eventPosition(id: String) -> Int? { position(of: id, in: "event") }
    public func measurePosition(id: String) -> Int? { position(of: id, in: "measure") }
    public func sourcePosition(id: String) -> Int? { position(of: id, in: "source") }

    private func position(of id: String, in table: String) -> Int? {
        remembered(\.positions, table + "\u{0}" + id) {
            read("SELECT pos FROM \(table) WHERE id = ?", [id]) { try Int.fetchOne($0, arguments: $1) }
        }
    }

    public func eventsOfPerson(_ person: Int) -> [Int] {
        remembered(\.people, person) {
            read("SELECT event FROM participation WHERE person = ? ORDER BY event", [person]) { try Int.fetchAll($0, arguments: $1) }
        }
    }

    public func eventCount(ofPerson person: Int) -> Int { eventCounts[person] }

    public func changesOfEvent(_ event: Int) -> [(measure: Int, change: Int)] {
        let (kept, block) = cache.withLock { cache in
            defer { cache.lastChangesOfEvent = event }
            return (cache.changesOfEvent.values[event], Self.span(of: event, after: cache.lastChangesOfEvent))
        }
        if let kept { return kept }
        // The changes themselves come with them: they are stored in the order of their events,
        // and the timeline asks for them next (which source each rests on).
        var changes = [[(measure: Int, change: Int)]](repeating: [], count: block.count)
        var made: [(Pair, MeasureChange)] = []
        read("""
            SELECT event, measure, n, body, start, "end" FROM change WHERE event >= ? AND event < ? ORDER BY event, measure, n
            """, [block.lowerBound, block.upperBound]) { statement, arguments in
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                let (e, m, c): (Int, Int, Int) = (row[0], row[1], row[2])
                changes[e - block.lowerBound].append((m, c))
                made.append((Pair(first: m, second: c), change(row[3], start: row[4], end: row[5])))
            }
        }
        cache.withLock { cache in
            for (i, list) in changes.enumerated() { cache.changesOfEvent.keep(list, for: block.lowerBound + i) }
            for (pair, change) in made { cache.changes.keep(change, for: pair) }
        }
        return changes[event - block.lowerBound]
    }

    public func changeDays(ofMeasure measure: Int) -> [(first: Int, last: Int)] {
        remembered(\.changeDays, measure) {
            read("SELECT first, last FROM change WHERE measure = ? ORDER BY n", [measure]) { try Row.fetchAll($0, arguments: $1).map { ($0[0], $0[1]) } }
        }
    }

    /// A change from its stored body and where its quote is.
    private func change(_ body: Data?, start: Int?, end: Int?) -> MeasureChange {
        var change = decode(MeasureChange.self, body)
        (change.quote.start, change.quote.end) = (start ?? 0, end ?? 0)
        return change
    }

    public func citationsOfSource(_ source: Int) -> [Citation] {
        remembered(\.citations, source) { readCitations(ofSource: source) }
    }

    private func readCitations(ofSource source: Int) -> [Citation] {
        let rows = read("SELECT start, \"end\", prefix, suffix, kind, a, b FROM citation WHERE source = ? ORDER BY n", [source]) {
            try Row.fetchAll($0, arguments: $1)
        }
        guard !rows.isEmpty else { return [] }
        let cited = self.source(at: source)
        let scalars = ScalarOffsets(cited.text)
        return rows.map { row -> Citation in
            let (start, end, a, b): (Int, Int, Int, Int) = (row[0], row[1], row[5], row[6])
            guard start >= 0, start <= end, end <= scalars.count else { onFailure(.damaged(path: path, reason: "a citation lies outside its source")) }
            let text = scalars[start..<end]
            let quote = Quote(source: cited.id, text: text, prefix: row[2], suffix: row[3], start: start, end: end)
            return Citation(quote: quote, use: QuoteUse(storedKind: row[4], a: a, b: b))
        }
    }

    public var rows: TimelineRows {
        TimelineRows(rows: TimelineList(count: header.rowCount, element: row(at:)),
                     rowOfEvent: TimelineList(count: header.eventCount) { [self] e in
                         remembered(\.rowOfEvent, e) { read("SELECT row FROM event WHERE pos = ?", [e]) { try Int.fetchOne($0, arguments: $1) } ?? -1 }
                     },
                     axisDays: header.axisDays, storyStart: header.storyStart, firstEvent: header.firstEvent,
                     widestTitle: header.widestTitle, axisLabels: (header.axisFirst, header.axisLast))
    }

    private func row(at n: Int) -> TimelineRow {
        let page = n / Self.rowPage
        let rows = remembered(\.rows, page) {
            let rows = read("SELECT kind, label, event FROM pane_row WHERE n >= ? AND n < ? ORDER BY n", [page * Self.rowPage, (page + 1) * Self.rowPage]) {
                try Row.fetchAll($0, arguments: $1).map { TimelineRow(storedKind: $0[0], label: $0[1], event: $0[2]) ?? .gap }
            }
            // The rows of the events on screen are asked for at every move: they are known now.
            cache.withLock { cache in
                for (i, row) in rows.enumerated() { if case .event(let e) = row { cache.rowOfEvent.keep(page * Self.rowPage + i, for: e) } }
            }
            return rows
        }
        guard n % Self.rowPage < rows.count else { onFailure(.damaged(path: path, reason: "row \(n) is missing")) }
        return rows[n % Self.rowPage]
    }

    public func searchCandidates(_ query: SearchQuery) -> SearchHits.CandidateWindow? {
        // The index holds each event's text lower-cased, in trigrams: a query shorter than three
        // characters has none, and upper case can lower-case differently in context (a final
        // sigma), so a case-sensitive query beyond ASCII is not narrowed down.
        let scalars = Array(query.text.lowercased().unicodeScalars)
        guard scalars.count >= 3, !query.caseSensitive || query.text.allSatisfy(\.isASCII) else { return nil }
        var seen = Set<String>()
        let trigrams = (0...(scalars.count - 3)).compactMap { i -> String? in
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[i..<i + 3])
            let text = String(trigram)
            return seen.insert(text).inserted ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : nil
        }
        let match = trigrams.joined(separator: " AND ")
        // FTS5 seeks to the rowid asked for, so a window costs the same anywhere in the index;
        // but it walks backwards slowly (7 ms against 1 a window at a million events), so the
        // candidates before an event are read forwards, over ranges that widen until they hold some.
        return { [self] from, forward, limit in
            if forward {
                return read("SELECT rowid FROM search WHERE search MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?", [match, from, limit]) {
                    try Int.fetchAll($0, arguments: $1)
                }
            }
            var upper = min(from, eventCount)
            var span = 1024
            while upper > 0 {
                let lower = max(0, upper - span)
                let found = read("SELECT rowid FROM search WHERE search MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid", [match, lower, upper]) {
                    try Int.fetchAll($0, arguments: $1)
                }
                if !found.isEmpty { return Array(found.suffix(limit).reversed()) }
                upper = lower
                span = min(span * 4, 1 << 40)
            }
            return []
        }
    }

    // MARK: Reading

    /// Runs a query, prepared once and kept, outside any transaction (the store is read-only,
    /// and a transaction per read would cost more than the read).
    private func read<T>(_ sql: String, _ arguments: StatementArguments, _ fetch: (Statement, StatementArguments) throws -> T) -> T {
        read { db in try fetch(try db.cachedStatement(sql: sql), arguments) }
    }

    private func read<T>(_ body: (Database) throws -> T) -> T {
        do {
            return try queue.inDatabase(body)
        } catch {
            onFailure(.damaged(path: path, reason: StoreError.reason(error, file: path)))
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: Data?) -> T {
        guard let body else { onFailure(.damaged(path: path, reason: "an item is missing")) }
        do {
            return try decoder.decode(type, from: body)
        } catch {
            onFailure(.damaged(path: path, reason: "an item cannot be read"))
        }
    }
}
