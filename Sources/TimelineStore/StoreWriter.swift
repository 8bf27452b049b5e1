import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import TimelineModel

/// Builds a store from a timeline file as it is read and checked: events are written as the
/// load hands them on (`TimelineLoader.stream`), so the build holds no more of them than a
/// batch. The store is written under a temporary name beside `path` and renamed over it only
/// once it is whole and on disk, so an interrupted or failed build leaves any older store as it
/// was.
public struct StoreWriter: Sendable {
    /// Where the store goes.
    public var path: String
    /// Told now and then how far the build is (0 to 1) and what it is doing.
    public var progress: @Sendable (_ fraction: Double, _ doing: String) -> Void = { _, _ in }
    /// Asked now and then whether to give up (an interrupt).
    public var isCancelled: @Sendable () -> Bool = { false }

    /// A writer of a store at `path`.
    public init(path: String) { self.path = path }

    /// What a build made: the timeline without its events (`Timeline.withoutEvents`), and how
    /// many events the store holds.
    public typealias Built = (rest: Timeline, eventCount: Int)

    /// Checks the timeline at `files` as `tl check` does and writes it to the store, stamped
    /// with `provenance` of what it was read from. Returns what was built, or the timeline's
    /// problems (and then no store is written).
    public func build(from files: TimelineFiles, format: TimelineFormat? = nil,
                      provenance: (Timeline) -> Provenance) throws(StoreError) -> Result<Built, TimelineLoadError> {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp").path
        let staging = temporary + "-staging"
        func removeTemporaries() {
            for file in [temporary, temporary + "-journal", staging, staging + "-journal"] { unlink(file) }
        }
        removeTemporaries()
        do {
            // Most timelines are written in date order, and are written out as they are read;
            // one that is not is read again, its events put in order by SQLite.
            var inFileOrder = true
            while true {
                let filled = try fill(temporary, staging: staging, from: files, format: format, inFileOrder: inFileOrder, provenance: provenance)
                unlink(staging)
                switch filled {
                case .outOfOrder:
                    removeTemporaries()
                    inFileOrder = false
                case .problems(let error):
                    removeTemporaries()
                    return .failure(error)
                case .built(let built):
                    try AtomicFile.replace(path, with: temporary, isCancelled: isCancelled)
                    return .success(built)
                }
            }
        } catch {
            removeTemporaries()
            throw error
        }
    }

    private enum Filled {
        case built(Built)
        case problems(TimelineLoadError)
        /// Written in file order, the events turned out not to be in date order.
        case outOfOrder
    }

    private func fill(_ temporary: String, staging: String, from files: TimelineFiles, format: TimelineFormat?, inFileOrder: Bool,
                      provenance: (Timeline) -> Provenance) throws(StoreError) -> Filled {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: temporary)
        } catch {
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, file: temporary))
        }
        defer { try? queue.close() }
        do {
            return try queue.writeWithoutTransaction { db in
                // A build is all or nothing (the file is renamed into place only when whole), so
                // SQLite's own journal and syncs would only slow it down. What is sorted goes to
                // temporary files beside the store, so that memory stays bounded.
                let folder = URL(fileURLWithPath: temporary).deletingLastPathComponent().path
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072; PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = FILE;")
                try db.execute(sql: "PRAGMA temp_store_directory = '\(folder.replacingOccurrences(of: "'", with: "''"))'")
                try db.execute(sql: "PRAGMA application_id = \(StoreFormat.applicationID); PRAGMA user_version = \(StoreFormat.version);")
                try db.execute(sql: StoreFormat.schema)
                try db.execute(sql: "ATTACH DATABASE ? AS staging", arguments: [staging])
                try db.execute(sql: "PRAGMA staging.journal_mode = OFF; PRAGMA staging.synchronous = OFF; PRAGMA staging.cache_size = -32768;")
                try db.execute(sql: StoreFormat.stagingSchema)
                try db.execute(sql: "INSERT INTO search(search, rank) VALUES ('hashsize', 67108864)")
                var filled = Filled.outOfOrder
                try db.inTransaction {
                    let build = try StoreBuild(db, path: path, inFileOrder: inFileOrder, isCancelled: isCancelled, progress: progress)
                    let progress = self.progress
                    do {
                        let loaded = try TimelineLoader.stream(files, format: format, into: build) { read in
                            progress(read.fraction * StoreBuild.shareOfReading, "checking and writing")
                        }
                        switch loaded {
                        case .failure(let error):
                            filled = .problems(error)
                        case .success(let rest):
                            filled = try build.finish(rest, builtFrom: provenance(rest))
                                ? .built((rest, build.eventCount)) : .problems(TimelineLoader.problems(in: files))
                        }
                    } catch is StoreBuild.OutOfOrder {
                        return .rollback
                    }
                    return .commit
                }
                try db.execute(sql: "DETACH DATABASE staging")
                if case .built = filled { try db.execute(sql: StoreFormat.indexes) }
                return filled
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, file: temporary))
        }
    }
}

/// The store being filled as a streamed load hands the timeline on (`TimelineSink`). Each
/// event is written at its place in date order: as it comes, when the file is in date order,
/// or else staged and written in order once all are read. What is keyed by something other
/// than events (a person's events, a source's citations) is staged as it comes and sorted by
/// SQLite at the end; sources, people and measures are few and written from memory then.
private final class StoreBuild: TimelineSink {
    /// Thrown when an event comes before one already written in date order.
    struct OutOfOrder: Error {}

    /// How much of a build's time reading and writing the events take, roughly.
    static let shareOfReading = 0.85

    let db: Database
    let path: String
    let inFileOrder: Bool
    let isCancelled: @Sendable () -> Bool
    let progress: @Sendable (Double, String) -> Void
    let encoder = JSONEncoder()
    /// The last batch handed on, being encoded.
    var encoded: Ahead<[EncodedEvent]>?
    /// The timeline without its events, once it is begun.
    var rest: Timeline?
    /// Event id → the measure changes it made (measure index, change index in `rest`).
    var changesOfEvent: [String: [(measure: Int, change: Int)]] = [:]
    var builder = TimelineRowBuilder()
    var rowCount = 0
    var eventCount = 0
    var backgroundEventCount = 0
    /// Events handed on so far.
    var readCount = 0
    /// The sort key of the last event written in file order.
    var lastKey: (Int, Int, Int)?

    let insertEvent: Insert, insertRow: Insert, insertSearch: Insert, stageEvent: Insert
    let stageParticipation: Insert, stageCitation: Insert

    init(_ db: Database, path: String, inFileOrder: Bool, isCancelled: @escaping @Sendable () -> Bool,
         progress: @escaping @Sendable (Double, String) -> Void) throws {
        (self.db, self.path, self.inFileOrder, self.isCancelled, self.progress) = (db, path, inFileOrder, isCancelled, progress)
        insertEvent = try Insert(db, "INSERT INTO event(pos, id, row, body) VALUES (?, ?, ?, ?)")
        insertRow = try Insert(db, "INSERT INTO pane_row(n, kind, label, event) VALUES (?, ?, ?, ?)")
        insertSearch = try Insert(db, "INSERT INTO search(rowid, text) VALUES (?, ?)")
        stageEvent = try Insert(db, """
            INSERT INTO staging.staged_event(n, first, second, last, id, body, search, background, width, precision, iso)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        stageParticipation = try Insert(db, "INSERT INTO staging.participation_staged(person, event) VALUES (?, ?)")
        stageCitation = try Insert(db, """
            INSERT INTO staging.citation_staged(source, start, "end", prefix, suffix, kind, a, b, grp, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    func begin(_ rest: Timeline) throws {
        self.rest = rest
        for m in rest.measures.indices {
            for (c, change) in rest.measures[m].changes.enumerated() { changesOfEvent[change.event, default: []].append((m, c)) }
        }
    }

    func add(_ events: [Event]) throws {
        if isCancelled() { throw StoreError.interrupted(path: path) }
        guard let rest else { return }
        // Encoded on another thread while the batch before is written on this one.
        let changesOfEvent = self.changesOfEvent
        let encoding = Ahead {
            let encoder = JSONEncoder()
            return events.map { event in
                EncodedEvent(event: event, body: (try? encoder.encode(event)) ?? Data(),
                             search: rest.searchableFields(of: event, changes: changesOfEvent[event.id] ?? []).map { $0.text.lowercased() }.joined(separator: "\n"))
            }
        }
        try writeEncoded()
        encoded = encoding
    }

    /// Writes the batch being encoded, if any, once it is.
    private func writeEncoded() throws {
        guard let rest, let batch = encoded?.value else { return }
        encoded = nil
        for item in batch {
            let event = item.event
            let n = readCount
            readCount += 1
            let date = event.date.date
            let key = (date.firstDay, event.time?.secondOfDay ?? -1, date.lastDay)
            if inFileOrder {
                // Events on one date keep their file order, so only an earlier date is out of order.
                if let lastKey, key < lastKey { throw OutOfOrder() }
                lastKey = key
                try write(id: event.id, date: date, background: event.background, titleWidth: TerminalText.displayWidth(event.title),
                          body: item.body, search: item.search)
            } else {
                try stageEvent.run(.int(n), .int(key.0), .int(key.1), .int(key.2), .text(event.id), .blob(item.body), .text(item.search),
                                   .int(event.background ? 1 : 0), .int(TerminalText.displayWidth(event.title)),
                                   .text(date.precision.rawValue), .text(date.iso))
            }
            // What refers to the event by its place is staged by its place in the file, and
            // put in date order at the end.
            for participant in event.participants {
                if let p = rest.personIndex[participant.person] { try stageParticipation.run(.int(p), .int(n)) }
            }
            for (q, quote) in event.quotes.enumerated() {
                try cite(quote, .event(n), quoteIndex: event.quotes.firstIndex(of: quote) ?? 0, order: (0, q), rest: rest)
            }
            if let derivation = event.date.derivation {
                try cite(derivation.quote, .dateDerivation(event: n), quoteIndex: 0, order: (0, event.quotes.count), rest: rest)
            }
        }
    }

    /// Writes the next event in date order, given what its rows depend on.
    private func write(id: String, date: TimelineDate, background: Bool, titleWidth: @autoclosure () -> Int, body: Data, search: String) throws {
        let e = eventCount
        var eventRow = 0
        var failure: (any Error)?
        builder.add(date: date, background: background, titleWidth: titleWidth(), at: e) { row in
            guard failure == nil else { return }
            let (label, position): (String?, Int?) = switch row {
            case .month(let text), .day(let text): (text, nil)
            case .event(let e): (nil, e)
            case .section, .gap: (nil, nil)
            }
            if case .event = row { eventRow = rowCount }
            do { try insertRow.run(.int(rowCount), .int(row.storedKind), label.map(Value.text) ?? .null, position.map(Value.int) ?? .null) } catch { failure = error }
            rowCount += 1
        }
        if let failure { throw failure }
        try insertEvent.run(.int(e), .text(id), .int(eventRow), .blob(body))
        try insertSearch.run(.int(e), .text(search))
        if background { backgroundEventCount += 1 }
        eventCount += 1
    }

    /// Stages a citation of `quote`. `order` (a group, then the use's `a`, then a part) puts
    /// citations of one passage in the order the timeline in memory lists them: events'
    /// quotes and dates in date order, then people's roles, then measures' quotes and changes.
    private func cite(_ quote: Quote, _ use: QuoteUse, quoteIndex: Int, order: (group: Int, part: Int), rest: Timeline) throws {
        guard let s = rest.sourceIndex[quote.source] else { return }
        let (kind, a, b) = use.stored(quoteIndex: quoteIndex)
        try stageCitation.run(.int(s), .int(quote.start), .int(quote.end), quote.prefix.map(Value.text) ?? .null, quote.suffix.map(Value.text) ?? .null,
                              .int(kind), .int(a), .int(b), .int(order.group), .int(order.part))
    }

    /// Writes the staged events in date order (file order within a date), noting the place
    /// in date order of each place in the file.
    private func writeStagedEvents() throws {
        let statement = try db.makeStatement(sql: """
            SELECT n, id, body, search, background, width, precision, iso, first, last FROM staging.staged_event ORDER BY first, second, last, n
            """)
        let placed = try Insert(db, "INSERT INTO staging.event_place(n, pos) VALUES (?, ?)")
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func text(_ column: Int32) -> String { String(cString: sqlite3_column_text(handle, column)) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw Insert.failure(code, in: db) }
            let body = Data(bytes: sqlite3_column_blob(handle, 2), count: Int(sqlite3_column_bytes(handle, 2)))
            let date = TimelineDate(precision: DatePrecision(rawValue: text(6)) ?? .day, firstDay: Int(sqlite3_column_int64(handle, 8)),
                                    lastDay: Int(sqlite3_column_int64(handle, 9)), iso: text(7))
            try placed.run(.int(Int(sqlite3_column_int64(handle, 0))), .int(eventCount))
            try write(id: text(1), date: date, background: sqlite3_column_int64(handle, 4) != 0, titleWidth: Int(sqlite3_column_int64(handle, 5)),
                      body: body, search: text(3))
            if eventCount % 4096 == 0 {
                if isCancelled() { throw StoreError.interrupted(path: path) }
                progress(StoreBuild.shareOfReading + 0.1 * Double(eventCount) / Double(max(1, readCount)), "putting events in date order")
            }
        }
    }

    /// Once every event is in: writes what refers to events by their place in date order, and
    /// the rest of the timeline. False when the events' ids turn out not to be unique, or a
    /// measure change names an event there is not: the load's exact pass reports which.
    func finish(_ rest: Timeline, builtFrom provenance: Provenance) throws -> Bool {
        try writeEncoded()
        if !inFileOrder { try writeStagedEvents() }
        progress(StoreBuild.shareOfReading + 0.1, "indexing")
        do {
            try db.execute(sql: "CREATE UNIQUE INDEX event_id ON event(id)")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            return false
        }
        let encoder = self.encoder
        func body(_ value: some Encodable) throws -> Data { try encoder.encode(value) }

        let positionOfEvent = try db.makeStatement(sql: "SELECT pos FROM event WHERE id = ?")
        let measures = try Insert(db, "INSERT INTO measure(pos, id, changes, body) VALUES (?, ?, ?, ?)")
        let changes = try Insert(db, "INSERT INTO change(measure, n, event, body) VALUES (?, ?, ?, ?)")
        for (p, person) in rest.people.enumerated() {
            for (r, role) in person.roles.enumerated() { try cite(role.quote, .role(person: p, role: r), quoteIndex: 0, order: (1, r), rest: rest) }
        }
        for m in rest.measures.indices {
            var measure = rest.measures[m]
            let measureChanges = Array(measure.changes)
            // A measure's changes are listed in the date order of their events.
            var positions: [Int] = []
            for change in measureChanges {
                guard let position = try Int.fetchOne(positionOfEvent, arguments: [change.event]) else { return false }
                positions.append(position)
            }
            let order = positions.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }
            for (q, quote) in measure.quotes.enumerated() {
                try cite(quote, .measure(m), quoteIndex: measure.quotes.firstIndex(of: quote) ?? 0, order: (2, q), rest: rest)
            }
            for (c, original) in order.enumerated() {
                let change = measureChanges[original]
                try changes.run(.int(m), .int(c), .int(positions[original]), .blob(try body(change)))
                try cite(change.quote, .change(measure: m, change: c), quoteIndex: 0, order: (2, measure.quotes.count + c), rest: rest)
            }
            measure.changes = TimelineList([])
            try measures.run(.int(m), .text(measure.id), .int(measureChanges.count), .blob(try body(measure)))
        }

        // Staged events were given their place in date order by `writeStagedEvents`; events
        // written as they came are in the same place as in the file.
        let place = { (n: String) in self.inFileOrder ? n : "(SELECT pos FROM staging.event_place WHERE n = \(n))" }
        try db.execute(sql: """
            INSERT INTO participation(person, event)
                SELECT DISTINCT person, \(place("event")) AS pos FROM staging.participation_staged ORDER BY person, pos;
            INSERT INTO citation(source, n, start, "end", prefix, suffix, kind, a, b)
                SELECT source, row_number() OVER (PARTITION BY source ORDER BY start, "end", grp, a, part) - 1, start, "end", prefix, suffix, kind, a, b
                FROM (SELECT source, start, "end", prefix, suffix, kind, CASE WHEN grp = 0 THEN \(place("a")) ELSE a END AS a, b, grp, part
                      FROM staging.citation_staged);
            """)
        var eventCounts = [Int](repeating: 0, count: rest.people.count)
        for row in try Row.fetchAll(db, sql: "SELECT person, count(*) FROM participation GROUP BY person") {
            let p: Int = row[0]
            if eventCounts.indices.contains(p) { eventCounts[p] = row[1] }
        }
        let people = try Insert(db, "INSERT INTO person(pos, events, body) VALUES (?, ?, ?)")
        for (p, person) in rest.people.enumerated() { try people.run(.int(p), .int(eventCounts[p]), .blob(try body(person))) }
        let sources = try Insert(db, "INSERT INTO source(pos, id, body, text) VALUES (?, ?, ?, ?)")
        for s in rest.sources.indices {
            var source = rest.sources[s]
            let text = source.text
            source.text = ""
            try sources.run(.int(s), .text(source.id), .blob(try body(source)), .text(text))
        }

        let rowsMade = builder.finish(rows: TimelineList([]), rowOfEvent: TimelineList([]))
        let header = StoreHeader(
            title: rest.title, description: rest.description, backgroundLabel: rest.backgroundLabel, measureKinds: rest.measureKinds,
            measureStatuses: rest.measureStatuses, warnings: rest.warnings, eras: rest.eras, scale: rest.scale, media: rest.media, format: rest.format,
            convertedFrom: rest.convertedFrom, eventCount: eventCount, backgroundEventCount: backgroundEventCount, measureCount: rest.measures.count,
            sourceCount: rest.sources.count, rowCount: rowCount, axisDays: rowsMade.axisDays, storyStart: rowsMade.storyStart, firstEvent: rowsMade.firstEvent,
            widestTitle: rowsMade.widestTitle, axisFirst: rowsMade.axisLabels.first, axisLast: rowsMade.axisLabels.last)
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('header', ?)", arguments: [try body(header)])
        let stamps = try Insert(db, "INSERT INTO built_from(n, path, size, modified, hash) VALUES (?, ?, ?, ?, ?)")
        for (n, stamp) in provenance.files.enumerated() {
            try stamps.run(.int(n), .text(stamp.path), .int(Int(stamp.size)), .real(stamp.modified), .text(stamp.hash))
        }
        return true
    }
}

/// An event with its body (the JSON of its model value) and the text search looks in.
private struct EncodedEvent: Sendable {
    var event: Event
    var body: Data
    var search: String
}

/// A value worked out on another thread meanwhile.
private final class Ahead<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        Thread.detachNewThread {
            let value = work()
            self.result.withLock { $0 = value }
            self.done.signal()
        }
    }

    /// The value, once it is worked out.
    var value: Value {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}

/// One prepared INSERT, run with SQLite's own calls: GRDB's `execute` tells its observers of
/// every statement, which costs more than the insert itself when there are millions.
private struct Insert {
    let statement: Statement
    let db: Database

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    func run(_ values: Value...) throws {
        let handle = statement.sqliteStatement
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .int(let number): sqlite3_bind_int64(handle, index, Int64(number))
            case .text(let text): sqlite3_bind_text(handle, index, text, -1, transient)
            case .blob(let data): _ = data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
            case .real(let number): sqlite3_bind_double(handle, index, number)
            case .null: sqlite3_bind_null(handle, index)
            }
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw Insert.failure(code, in: db) }
    }

    /// The error SQLite reported with `code`.
    static func failure(_ code: Int32, in db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}

/// A value bound to a column.
private enum Value {
    case int(Int), real(Double), text(String), blob(Data), null
}

/// SQLite copies what it is given (SQLITE_TRANSIENT, which the C header spells as a cast).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
