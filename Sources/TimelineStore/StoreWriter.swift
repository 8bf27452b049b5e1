import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import TimelineModel

/// Builds a store from a loaded timeline: under a temporary name beside `path`, renamed over it
/// only once it is whole and on disk, so an interrupted or failed build leaves any older store
/// as it was.
public struct StoreWriter {
    /// Where the store goes.
    public var path: String
    /// Told now and then how many of the timeline's events are in.
    public var progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    /// Asked now and then whether to give up (an interrupt).
    public var isCancelled: () -> Bool = { false }

    /// A writer of a store at `path`.
    public init(path: String) { self.path = path }

    /// Writes `timeline` (built from `provenance`'s files) to the store.
    public func write(_ timeline: Timeline, builtFrom provenance: Provenance) throws(StoreError) {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp").path
        unlink(temporary)
        do {
            try fill(temporary, with: timeline, provenance: provenance)
            try AtomicFile.replace(path, with: temporary, isCancelled: isCancelled)
        } catch {
            unlink(temporary)
            unlink(temporary + "-journal")
            throw error
        }
    }

    private func fill(_ temporary: String, with t: Timeline, provenance: Provenance) throws(StoreError) {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: temporary)
        } catch {
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, file: temporary))
        }
        do {
            try queue.writeWithoutTransaction { db in
                // A build is all or nothing (the file is renamed into place only when whole), so
                // SQLite's own journal and syncs would only slow it down.
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072; PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = MEMORY;")
                try db.execute(sql: "PRAGMA application_id = \(StoreFormat.applicationID); PRAGMA user_version = \(StoreFormat.version);")
                try db.execute(sql: StoreFormat.schema)
                try db.inTransaction {
                    try insert(t, provenance: provenance, into: db)
                    return .commit
                }
                try db.execute(sql: StoreFormat.indexes)
            }
            try queue.close()
        } catch let error as StoreError {
            try? queue.close()
            throw error
        } catch {
            try? queue.close()
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, file: temporary))
        }
    }

    private func insert(_ t: Timeline, provenance: Provenance, into db: Database) throws {
        let encoder = JSONEncoder()
        func body(_ value: some Encodable) throws -> Data { try encoder.encode(value) }

        let sources = try Insert(db, "INSERT INTO source(pos, id, body, text) VALUES (?, ?, ?, ?)")
        for s in t.sources.indices {
            var source = t.sources[s]
            let text = source.text
            source.text = ""
            try sources.run(.int(s), .text(source.id), .blob(try body(source)), .text(text))
        }
        let people = try Insert(db, "INSERT INTO person(pos, events, body) VALUES (?, ?, ?)")
        for (p, person) in t.people.enumerated() { try people.run(.int(p), .int(t.eventsOfPerson[p].count), .blob(try body(person))) }
        let measures = try Insert(db, "INSERT INTO measure(pos, id, changes, body) VALUES (?, ?, ?, ?)")
        let changes = try Insert(db, "INSERT INTO change(measure, n, event, body) VALUES (?, ?, ?, ?)")
        for m in t.measures.indices {
            var measure = t.measures[m]
            for (c, change) in measure.changes.enumerated() {
                try changes.run(.int(m), .int(c), .int(t.eventIndex[change.event] ?? -1), .blob(try body(change)))
            }
            let count = measure.changes.count
            measure.changes = TimelineList([])
            try measures.run(.int(m), .text(measure.id), .int(count), .blob(try body(measure)))
        }
        let citations = try Insert(db, "INSERT INTO citation(source, n, start, \"end\", prefix, suffix, kind, a, b) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for s in t.citationsOfSource.indices {
            for (n, citation) in t.citationsOfSource[s].enumerated() {
                let quote = citation.quote
                let (kind, a, b) = citation.use.stored(quote: quote, in: t)
                try citations.run(.int(s), .int(n), .int(quote.start), .int(quote.end), quote.prefix.map(Value.text) ?? .null,
                                  quote.suffix.map(Value.text) ?? .null, .int(kind), .int(a), .int(b))
            }
        }
        let participations = try Insert(db, "INSERT INTO participation(person, event) VALUES (?, ?)")
        for p in t.eventsOfPerson.indices {
            for e in t.eventsOfPerson[p] { try participations.run(.int(p), .int(e)) }
        }

        let events = try Insert(db, "INSERT INTO event(pos, id, row, body) VALUES (?, ?, ?, ?)")
        let rows = try Insert(db, "INSERT INTO pane_row(n, kind, label, event) VALUES (?, ?, ?, ?)")
        let search = try Insert(db, "INSERT INTO search(rowid, text) VALUES (?, ?)")
        var builder = TimelineRowBuilder()
        var rowCount = 0
        // The events are encoded on another thread, a batch ahead of the batch being inserted.
        try Pipeline.run(count: t.events.count, batch: 2048, produce: { range in
            let encoder = JSONEncoder()
            return range.map { e in
                (body: (try? encoder.encode(t.events[e])) ?? Data(),
                 search: t.searchableFields(of: e).map { $0.text.lowercased() }.joined(separator: "\n"))
            }
        }, consume: { range, encoded in
            if isCancelled() { throw StoreError.interrupted(path: path) }
            progress(range.lowerBound, t.events.count)
            for (e, item) in zip(range, encoded) {
                var eventRow = 0
                var failure: (any Error)?
                builder.add(t.events[e], at: e) { row in
                    guard failure == nil else { return }
                    let (label, position): (String?, Int?) = switch row {
                    case .month(let text), .day(let text): (text, nil)
                    case .event(let e): (nil, e)
                    case .section, .gap: (nil, nil)
                    }
                    if case .event = row { eventRow = rowCount }
                    do { try rows.run(.int(rowCount), .int(row.storedKind), label.map(Value.text) ?? .null, position.map(Value.int) ?? .null) } catch { failure = error }
                    rowCount += 1
                }
                if let failure { throw failure }
                try events.run(.int(e), .text(t.events[e].id), .int(eventRow), .blob(item.body))
                try search.run(.int(e), .text(item.search))
            }
        })
        progress(t.events.count, t.events.count)
        let rowsMade = builder.finish(rows: TimelineList([]), rowOfEvent: TimelineList([]))
        let header = StoreHeader(
            title: t.title, description: t.description, backgroundLabel: t.backgroundLabel, measureKinds: t.measureKinds,
            measureStatuses: t.measureStatuses, warnings: t.warnings, eras: t.eras, scale: t.scale, media: t.media, format: t.format,
            convertedFrom: t.convertedFrom, eventCount: t.events.count, backgroundEventCount: t.backgroundEventCount, measureCount: t.measures.count, sourceCount: t.sources.count,
            rowCount: rowCount, axisDays: rowsMade.axisDays, storyStart: rowsMade.storyStart, firstEvent: rowsMade.firstEvent,
            widestTitle: rowsMade.widestTitle, axisFirst: rowsMade.axisLabels.first, axisLast: rowsMade.axisLabels.last)
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('header', ?)", arguments: [try body(header)])
        let stamps = try Insert(db, "INSERT INTO built_from(n, path, size, modified, hash) VALUES (?, ?, ?, ?, ?)")
        for (n, stamp) in provenance.files.enumerated() {
            try stamps.run(.int(n), .text(stamp.path), .int(Int(stamp.size)), .real(stamp.modified), .text(stamp.hash))
        }
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
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}

/// A value bound to a column.
private enum Value {
    case int(Int), real(Double), text(String), blob(Data), null
}

/// SQLite copies what it is given (SQLITE_TRANSIENT, which the C header spells as a cast).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Work done in batches on two threads: `produce` makes a batch ready on one while `consume`
/// takes the one before on the calling thread, at most two batches ahead.
enum Pipeline {
    static func run<Product: Sendable>(count: Int, batch: Int, produce: @escaping @Sendable (Range<Int>) -> Product,
                                       consume: (Range<Int>, Product) throws -> Void) throws {
        let batches = stride(from: 0, to: count, by: batch).map { $0..<min(count, $0 + batch) }
        let made = Mutex<[Int: Product]>([:])
        let ready = DispatchSemaphore(value: 0)
        let room = DispatchSemaphore(value: 2)
        let stop = Atomic<Bool>(false)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for (i, range) in batches.enumerated() {
                room.wait()
                if stop.load(ordering: .relaxed) { break }
                let product = produce(range)
                made.withLock { $0[i] = product }
                ready.signal()
            }
            done.signal()
        }
        defer {
            // A consumer that failed stops the producer before returning.
            stop.store(true, ordering: .relaxed)
            room.signal()
            room.signal()
            done.wait()
        }
        for (i, range) in batches.enumerated() {
            ready.wait()
            let product = made.withLock { $0.removeValue(forKey: i)! }
            room.signal()
            try consume(range, product)
        }
    }
}
