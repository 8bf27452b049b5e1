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
    /// What the store was built from.
    public let provenance: Provenance
    let header: StoreHeader
    /// The people, few enough to hold.
    let people: [Person]
    private let queue: DatabaseQueue
    private let decoder = JSONDecoder()
    private let cache = Mutex(Cache())
    /// What to do when a read fails halfway through (the file was damaged or cut short after
    /// it was opened): report it and end, with the terminal restored.
    private let onFailure: @Sendable (StoreError) -> Never

    private struct Cache {
        var events: [Int: Event] = [:]
        var rows: [Int: [TimelineRow]] = [:]
        var sources: [Int: Source] = [:]
        var measures: [Int: Measure] = [:]
        var people: [Int: [Int]] = [:]
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
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: StoreError.reason(error, creating: path))
        }
        do {
            let (application, version, body) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                 try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'header'"))
            }
            guard application == StoreFormat.applicationID else { throw StoreError.notAStore(path: path) }
            guard version <= StoreFormat.version else { throw StoreError.newerVersion(path: path, version: version) }
            guard let body, let header = try? decoder.decode(StoreHeader.self, from: body) else {
                throw StoreError.damaged(path: path, reason: "its header cannot be read")
            }
            self.header = header
            provenance = header.builtFrom
            people = try queue.read { db in try Data.fetchAll(db, sql: "SELECT body FROM person ORDER BY pos") }
                .map { [decoder] in try decoder.decode(Person.self, from: $0) }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notAStore(path: path)
        } catch {
            throw StoreError.damaged(path: path, reason: StoreError.reason(error, creating: path))
        }
    }

    /// Refuses a file that is not SQLite, or shorter than its own header says: SQLite would
    /// open either and fail only on the first page it lacks, halfway through browsing.
    private static func checkFile(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "file not found")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard head.count == 100, head.starts(with: Array("SQLite format 3\0".utf8)) else { throw StoreError.notAStore(path: path) }
        let pageSize = { $0 == 1 ? 65536 : $0 }(Int(head[16]) << 8 | Int(head[17]))
        let pages = head[28..<32].reduce(0) { $0 << 8 | Int($1) }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        guard size >= pages * pageSize else { throw StoreError.truncated(path: path, size: size, expected: pages * pageSize) }
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
    public var measureCount: Int { header.measureCount }
    public var sourceCount: Int { header.sourceCount }

    public func event(at position: Int) -> Event {
        if let event = cache.withLock({ $0.events[position] }) { return event }
        let event = decode(Event.self, read { db in try Data.fetchOne(db, sql: "SELECT body FROM event WHERE pos = ?", arguments: [position]) })
        cache.withLock { cache in
            if cache.events.count >= 512 { cache.events.removeAll(keepingCapacity: true) }
            cache.events[position] = event
        }
        return event
    }

    public func measure(at position: Int) -> Measure {
        if let measure = cache.withLock({ $0.measures[position] }) { return measure }
        let (body, changeCount) = read { db in
            let row = try Row.fetchOne(db, sql: "SELECT body, changes FROM measure WHERE pos = ?", arguments: [position])
            return (row?["body"] as Data?, row?["changes"] as Int? ?? 0)
        }
        var measure = decode(Measure.self, body)
        measure.changes = TimelineList(count: changeCount) { [self] c in
            decode(MeasureChange.self, read { db in
                try Data.fetchOne(db, sql: "SELECT body FROM change WHERE measure = ? AND n = ?", arguments: [position, c])
            })
        }
        cache.withLock { cache in
            if cache.measures.count >= 256 { cache.measures.removeAll(keepingCapacity: true) }
            cache.measures[position] = measure
        }
        return measure
    }

    public func source(at position: Int) -> Source {
        if let source = cache.withLock({ $0.sources[position] }) { return source }
        let row = read { db in try Row.fetchOne(db, sql: "SELECT body, text FROM source WHERE pos = ?", arguments: [position]) }
        var source = decode(Source.self, row?["body"] as Data?)
        source.text = row?["text"] ?? ""
        cache.withLock { cache in
            if cache.sources.count >= 16 { cache.sources.removeAll(keepingCapacity: true) }
            cache.sources[position] = source
        }
        return source
    }

    public func eventPosition(id: String) -> Int? {
        read { db in try Int.fetchOne(db, sql: "SELECT pos FROM event WHERE id = ?", arguments: [id]) }
    }

    public func measurePosition(id: String) -> Int? {
        read { db in try Int.fetchOne(db, sql: "SELECT pos FROM measure WHERE id = ?", arguments: [id]) }
    }

    public func sourcePosition(id: String) -> Int? {
        read { db in try Int.fetchOne(db, sql: "SELECT pos FROM source WHERE id = ?", arguments: [id]) }
    }

    public func eventsOfPerson(_ person: Int) -> [Int] {
        if let events = cache.withLock({ $0.people[person] }) { return events }
        let events = read { db in try Int.fetchAll(db, sql: "SELECT event FROM participation WHERE person = ? ORDER BY event", arguments: [person]) }
        cache.withLock { cache in
            if cache.people.count >= 64 { cache.people.removeAll(keepingCapacity: true) }
            cache.people[person] = events
        }
        return events
    }

    public func changesOfEvent(_ event: Int) -> [(measure: Int, change: Int)] {
        read { db in
            try Row.fetchAll(db, sql: "SELECT measure, n FROM change WHERE event = ? ORDER BY measure, n", arguments: [event]).map { ($0[0], $0[1]) }
        }
    }

    public func citationsOfSource(_ source: Int) -> [Citation] {
        let rows = read { db in try Row.fetchAll(db, sql: "SELECT kind, a, b FROM citation WHERE source = ? ORDER BY n", arguments: [source]) }
        return rows.map { row -> Citation in
                let (a, b): (Int, Int) = (row[1], row[2])
                switch row[0] as Int {
                case 0: return Citation(quote: event(at: a).quotes[b], use: .event(a))
                case 1: return Citation(quote: event(at: a).date.derivation!.quote, use: .dateDerivation(event: a))
                case 2: return Citation(quote: people[a].roles[b].quote, use: .role(person: a, role: b))
                case 3: return Citation(quote: measure(at: a).quotes[b], use: .measure(a))
                default: return Citation(quote: measure(at: a).changes[b].quote, use: .change(measure: a, change: b))
                }
            }
    }

    public var rows: TimelineRows {
        TimelineRows(rows: TimelineList(count: header.rowCount, element: row(at:)),
                     rowOfEvent: TimelineList(count: header.eventCount) { [self] e in
                         read { db in try Int.fetchOne(db, sql: "SELECT row FROM event WHERE pos = ?", arguments: [e]) } ?? -1
                     },
                     axisDays: header.axisDays, storyStart: header.storyStart, firstEvent: header.firstEvent,
                     widestTitle: header.widestTitle, axisLabels: (header.axisFirst, header.axisLast))
    }

    private func row(at n: Int) -> TimelineRow {
        let page = n / Self.rowPage
        if let rows = cache.withLock({ $0.rows[page] }), n % Self.rowPage < rows.count { return rows[n % Self.rowPage] }
        let rows = read { db in
            try Row.fetchAll(db, sql: "SELECT kind, label, event FROM pane_row WHERE n >= ? AND n < ? ORDER BY n",
                             arguments: [page * Self.rowPage, (page + 1) * Self.rowPage])
                .map { TimelineRow(storedKind: $0[0], label: $0[1], event: $0[2]) ?? .gap }
        }
        cache.withLock { cache in
            if cache.rows.count >= 64 { cache.rows.removeAll(keepingCapacity: true) }
            cache.rows[page] = rows
        }
        guard n % Self.rowPage < rows.count else { onFailure(.damaged(path: path, reason: "row \(n) is missing")) }
        return rows[n % Self.rowPage]
    }

    public func searchCandidates(_ query: SearchQuery) -> [Int]? {
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
        return read { db in
            try Int.fetchAll(db, sql: "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid", arguments: [trigrams.joined(separator: " AND ")])
        }
    }

    // MARK: Reading

    private func read<T>(_ body: (Database) throws -> T) -> T {
        do {
            return try queue.read(body)
        } catch {
            onFailure(.damaged(path: path, reason: StoreError.reason(error, creating: path)))
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
