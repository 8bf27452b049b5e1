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

    /// What a build made: the timeline without its sources and events
    /// (`Timeline.withoutStreamedParts`), and how many events the store holds.
    public typealias Built = (rest: Timeline, eventCount: Int)

    /// Checks the timeline at `files` as `tl check` does and writes it to the store, with what
    /// the timeline file and each source file were (`Provenance`) when `recordsFiles` (the
    /// timeline built into tl has no files to record). Returns what was built, or the
    /// timeline's problems (and then no store is written).
    public func build(from files: TimelineFiles, format: TimelineFormat? = nil, recordsFiles: Bool) throws(StoreError) -> Result<Built, TimelineLoadError> {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp").path
        let staging = StoreFormat.stagingFiles.map { temporary + "-" + $0 }
        let words = temporary + "-search"
        func removeTemporaries() {
            for file in [temporary, words] + staging {
                unlink(file)
                unlink(file + "-journal")
            }
        }
        removeTemporaries()
        do {
            let filled = try fill(temporary, staging: staging, words: words, from: files, format: format, recordsFiles: recordsFiles)
            for file in staging + [words] { unlink(file) }
            switch filled {
            case .problems(let error):
                removeTemporaries()
                return .failure(error)
            case .built(let built):
                try AtomicFile.replace(path, with: temporary, isCancelled: isCancelled)
                return .success(built)
            }
        } catch {
            removeTemporaries()
            throw error
        }
    }

    private enum Filled {
        case built(Built)
        case problems(TimelineLoadError)
    }

    private func fill(_ temporary: String, staging: [String], words: String, from files: TimelineFiles, format: TimelineFormat?,
                      recordsFiles: Bool) throws(StoreError) -> Filled {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: temporary)
        } catch {
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, file: temporary))
        }
        defer { try? queue.close() }
        do {
            return try queue.writeWithoutTransaction { db in
                try stoppingStatements(of: db.sqliteConnection, when: isCancelled) {
                    // A build is all or nothing (the file is renamed into place only when whole), so
                    // SQLite's own journal and syncs would only slow it down. What is sorted goes to
                    // temporary files beside the store, so that memory stays bounded.
                    let folder = URL(fileURLWithPath: temporary).deletingLastPathComponent().path
                    try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -131072; PRAGMA locking_mode = EXCLUSIVE; PRAGMA temp_store = FILE;")
                    try db.execute(sql: "PRAGMA temp_store_directory = '\(folder.replacingOccurrences(of: "'", with: "''"))'")
                    try db.execute(sql: "PRAGMA application_id = \(StoreFormat.applicationID); PRAGMA user_version = \(StoreFormat.version);")
                    try db.execute(sql: StoreFormat.schema)
                    for (name, file) in zip(StoreFormat.stagingFiles, staging) {
                        try db.execute(sql: "ATTACH DATABASE ? AS \(name)", arguments: [file])
                        try db.execute(sql: "PRAGMA \(name).journal_mode = OFF; PRAGMA \(name).synchronous = OFF; PRAGMA \(name).cache_size = -8192;")
                    }
                    try db.execute(sql: StoreFormat.stagingSchema)
                    let search = try SearchBuild(path: words, isCancelled: isCancelled)
                    defer { _ = search.finish() }
                    var filled: Filled?
                    try db.inTransaction {
                        let build = try StoreBuild(db, files: files, recordsFiles: recordsFiles, path: path, search: search, isCancelled: isCancelled,
                                                   progress: progress)
                        let progress = self.progress
                        let loaded = try TimelineLoader.stream(files, format: format, into: build) { read in
                            progress(read.fraction * StoreBuild.shareOfReading, "checking and writing")
                        }
                        switch loaded {
                        case .failure(let error):
                            filled = .problems(error)
                        case .success(let rest):
                            filled = try build.finish(rest)
                                ? .built((rest, build.eventCount)) : .problems(TimelineLoader.problems(in: files))
                        }
                        return .commit
                    }
                    for name in StoreFormat.stagingFiles { try db.execute(sql: "DETACH DATABASE \(name)") }
                    guard let filled else { throw StoreError.cannotWrite(path: path, reason: "the build ended early") }
                    if case .built = filled {
                        try db.execute(sql: StoreFormat.indexes)
                        // The search index, built meanwhile in a file of its own, is copied in whole.
                        if let failure = search.finish() { throw failure }
                        try db.execute(sql: "ATTACH DATABASE ? AS words", arguments: [words])
                        try db.execute(sql: """
                            DELETE FROM search_data; DELETE FROM search_idx; DELETE FROM search_config;
                            INSERT INTO search_data SELECT * FROM words.search_data;
                            INSERT INTO search_idx SELECT * FROM words.search_idx;
                            INSERT INTO search_config SELECT * FROM words.search_config;
                            DETACH DATABASE words;
                            """)
                    }
                    return filled
                }
            }
        } catch let error as StoreError {
            throw error
        } catch where isCancelled() {
            // A statement stopped by `stoppingStatements`.
            throw StoreError.interrupted(path: path)
        } catch {
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, file: temporary))
        }
    }
}

/// The store being filled as a streamed load hands the timeline on (`TimelineSink`). Each
/// event is written at its place in date order: as it comes while the file is in date order;
/// from the first event out of order on, every event (those written so far too) is staged and
/// written in order once all are read. Quotes are staged as they come and
/// found in their sources at the end, a source at a time, so that no more than one source's
/// text is held; what is keyed by something other than events (a person's events, a source's
/// citations, a measure's changes) is staged too and sorted by SQLite, and so are the sources.
/// People and measures without their changes are held in memory.
private final class StoreBuild: TimelineSink {
    /// How much of a build's time reading and writing the events take, roughly.
    static let shareOfReading = 0.7

    let db: Database
    let files: TimelineFiles
    /// Whether the files read are recorded in `built_from`.
    let recordsFiles: Bool
    let path: String
    /// Whether every event so far came in date order, and so was written as it came.
    var inFileOrder = true
    let isCancelled: @Sendable () -> Bool
    let progress: @Sendable (Double, String) -> Void
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()
    /// The last batch handed on, being encoded.
    var encoded: Ahead<[EncodedEvent]>?
    /// The timeline without its events, once it is begun.
    var rest: Timeline?
    var builder = TimelineRowBuilder()
    var rowCount = 0
    var eventCount = 0
    var backgroundEventCount = 0
    /// Events, quotes and measure changes handed on so far.
    var readCount = 0
    var quoteCount = 0
    var changeCount = 0
    var sourceCount = 0
    /// Whether two sources had one id (the exact pass says where).
    var sourceIDRepeated = false
    /// The sort key of the last event written in file order.
    var lastKey: (Int, Int, Int)?

    let search: SearchBuild
    /// Events' searched text not yet handed to `search`.
    var searched: [(event: Int, text: String)] = []
    let insertEvent: Insert, insertRow: Insert, stageEvent: Insert, stageChange: Insert
    let stageParticipation: Insert, stageQuote: Insert, stageSourceID: Insert, stageSource: Insert, recordFile: Insert
    let changeTexts: Statement, stagedSource: Statement, stagedSourceOfID: Statement

    init(_ db: Database, files: TimelineFiles, recordsFiles: Bool, path: String, search: SearchBuild, isCancelled: @escaping @Sendable () -> Bool,
         progress: @escaping @Sendable (Double, String) -> Void) throws {
        (self.db, self.files, self.recordsFiles, self.path, self.search) = (db, files, recordsFiles, path, search)
        (self.isCancelled, self.progress) = (isCancelled, progress)
        insertEvent = try Insert(db, "INSERT INTO event(pos, id, row, first, last, body) VALUES (?, ?, ?, ?, ?, ?)")
        insertRow = try Insert(db, "INSERT INTO pane_row(n, kind, label, event) VALUES (?, ?, ?, ?)")
        stageEvent = try Insert(db, """
            INSERT INTO staging.staged_event(n, first, second, last, id, body, search, background, width, precision, iso, people)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        stageChange = try Insert(db, "INSERT INTO changes.change_staged(measure, n, event, text, quote, body) VALUES (?, ?, ?, ?, ?, ?)")
        stageParticipation = try Insert(db, "INSERT INTO people.participation_staged(person, event) VALUES (?, ?)")
        stageQuote = try Insert(db, """
            INSERT INTO quotes.quote_staged(id, source, text, prefix, suffix, kind, a, b, grp, part) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        changeTexts = try db.makeStatement(sql: "SELECT text FROM changes.change_staged WHERE event = ? ORDER BY measure, n")
        stageSourceID = try Insert(db, "INSERT INTO staging.source_pos(id, pos) VALUES (?, ?)")
        recordFile = try Insert(db, "INSERT INTO built_from(n, path, size, modified, hash) VALUES (?, ?, ?, ?, ?)")
        stageSource = try Insert(db, "INSERT INTO staging.source_staged(pos, body) VALUES (?, ?)")
        stagedSource = try db.makeStatement(sql: "SELECT body FROM staging.source_staged WHERE pos = ?")
        stagedSourceOfID = try db.makeStatement(sql: "SELECT s.body FROM staging.source_pos p JOIN staging.source_staged s ON s.pos = p.pos WHERE p.id = ?")
    }

    func add(_ sources: [Source]) throws {
        for source in sources {
            do {
                try stageSourceID.run(.text(source.id), .int(sourceCount))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                sourceIDRepeated = true
            }
            try stageSource.run(.int(sourceCount), .blob(try encoder.encode(source)))
            sourceCount += 1
        }
    }

    func publication(ofSource id: String) throws -> TimelineDate? {
        try Data.fetchOne(stagedSourceOfID, arguments: [id]).map { try decoder.decode(Source.self, from: $0).published.date }
    }

    /// The source staged at `position`.
    private func source(at position: Int) throws -> Source {
        guard let body = try Data.fetchOne(stagedSource, arguments: [position]) else { throw StoreError.cannotWrite(path: path, reason: "a source went missing") }
        return try decoder.decode(Source.self, from: body)
    }

    func addChanges(of measure: Measure, at m: Int) throws {
        for (n, change) in measure.changes.enumerated() {
            // Its place among the measure's changes, and so its citation's, is known once the
            // events are in (`finish`).
            let quote = try stage(change.quote, .change(measure: m, change: n), quoteIndex: 0, order: (2, -1))
            try stageChange.run(.int(m), .int(n), .text(change.event), .text(Timeline.searchText(of: change, in: measure)), .int(quote),
                                .blob(try encoder.encode(change)))
            changeCount += 1
        }
    }

    func begin(_ rest: Timeline) throws { self.rest = rest }

    func add(_ events: [Event]) throws {
        if isCancelled() { throw StoreError.interrupted(path: path) }
        guard let rest else { return }
        let changes = try events.map { event in try String.fetchAll(changeTexts, arguments: [event.id]) }
        // Encoded on another thread while the batch before is written on this one.
        let encoding = Ahead {
            zip(events, changes).map { event, changeTexts in
                EncodedEvent(event: event, body: EventBytes.encode(event), search: StoreBuild.searchText(of: event, changeTexts, in: rest))
            }
        }
        try writeEncoded()
        encoded = encoding
    }

    /// What the search index holds of an event: its searchable fields, lower-cased.
    static func searchText(of event: Event, _ changeTexts: [String], in rest: Timeline) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        for (i, field) in rest.searchableFields(of: event, changeTexts: changeTexts).enumerated() {
            if i > 0 { bytes.append(0x0A) }
            SearchFolding.append(field.text, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
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
            let key = StoreBuild.dateOrder(of: event)
            // Events on one date keep their file order, so only an earlier date is out of order.
            if inFileOrder, let lastKey, key < lastKey { try stageWrittenEvents(rest: rest) }
            if inFileOrder {
                lastKey = key
                try write(id: event.id, date: date, background: event.background, titleWidth: TerminalText.displayWidth(event.title),
                          people: event.participants.compactMap { rest.personIndex[$0.person] }, body: item.body, search: item.search)
            } else {
                try stage(event, at: n, body: item.body, search: item.search, rest: rest)
            }
            // Quotes are staged by the event's place in the file, put in date order at the end.
            for (q, quote) in event.quotes.enumerated() {
                try stage(quote, .event(n), quoteIndex: event.quotes.firstIndex(of: quote) ?? 0, order: (0, q))
            }
            if let derivation = event.date.derivation {
                try stage(derivation.quote, .dateDerivation(event: n), quoteIndex: 0, order: (0, event.quotes.count))
            }
        }
    }

    /// Where an event goes in date order: its first day, its time of day (-1 for none), its
    /// last day; events with equal keys keep their file order.
    static func dateOrder(of event: Event) -> (Int, Int, Int) {
        (event.date.date.firstDay, event.time?.secondOfDay ?? -1, event.date.date.lastDay)
    }

    /// Stages the event at `n` in the file, to be written in date order at the end.
    private func stage(_ event: Event, at n: Int, body: Data, search: String, rest: Timeline) throws {
        let date = event.date.date
        let people = event.participants.compactMap { rest.personIndex[$0.person] }
        let key = StoreBuild.dateOrder(of: event)
        try stageEvent.run(.int(n), .int(key.0), .int(key.1), .int(key.2), .text(event.id), .blob(body),
                           .text(search), .int(event.background ? 1 : 0), .int(TerminalText.displayWidth(event.title)),
                           .text(date.precision.rawValue), .text(date.iso), .text(people.map(String.init).joined(separator: " ")))
    }

    /// At the first event out of date order: the events written so far are read back and
    /// staged like the rest, and what was written for them (their rows, their searched text,
    /// their people's events) is taken back. Their quotes were staged by their place in the
    /// file, which is their place so far, and stay.
    private func stageWrittenEvents(rest: Timeline) throws {
        inFileOrder = false
        try eachRow(try db.makeStatement(sql: "SELECT pos, body FROM event ORDER BY pos")) { handle in
            let body = Data(bytes: sqlite3_column_blob(handle, 1), count: Int(sqlite3_column_bytes(handle, 1)))
            guard let event = EventBytes.decode(body) else { throw StoreError.cannotWrite(path: path, reason: "an event written cannot be read back") }
            let changeTexts = try String.fetchAll(changeTexts, arguments: [event.id])
            try stage(event, at: Int(sqlite3_column_int64(handle, 0)), body: body, search: StoreBuild.searchText(of: event, changeTexts, in: rest), rest: rest)
        }
        try db.execute(sql: "DELETE FROM event; DELETE FROM pane_row; DELETE FROM people.participation_staged")
        searched = []
        search.removeAll()
        (builder, rowCount, eventCount, backgroundEventCount) = (TimelineRowBuilder(), 0, 0, 0)
    }

    /// Writes the next event in date order, given what its rows depend on.
    private func write(id: String, date: TimelineDate, background: Bool, titleWidth: @autoclosure () -> Int, people: [Int], body: Data,
                       search: String) throws {
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
        try insertEvent.run(.int(e), .text(id), .int(eventRow), .int(date.firstDay), .int(date.lastDay), .blob(body))
        searched.append((e, search))
        if searched.count == 1024 {
            self.search.add(searched)
            searched.removeAll(keepingCapacity: true)
        }
        for p in people { try stageParticipation.run(.int(p), .int(e)) }
        if background { backgroundEventCount += 1 }
        eventCount += 1
    }

    /// Stages a quote to be found in its source, with its citation (for `use`); its number.
    /// `order` (a group, then the use's `a`, then a part) puts citations of one passage in the
    /// order the timeline in memory lists them: events' quotes and dates in date order, then
    /// people's roles, then measures' quotes and changes. The part also tells an event's quotes
    /// apart (its date's phrase comes after them).
    @discardableResult
    private func stage(_ quote: Quote, _ use: QuoteUse, quoteIndex: Int, order: (group: Int, part: Int)) throws -> Int {
        let id = quoteCount
        quoteCount += 1
        let (kind, a, b) = use.stored(quoteIndex: quoteIndex)
        try stageQuote.run(.int(id), .text(quote.source), .text(quote.text), quote.prefix.map(Value.text) ?? .null, quote.suffix.map(Value.text) ?? .null,
                           .int(kind), .int(a), .int(b), .int(order.group), .int(order.part))
        return id
    }

    /// Writes the staged events in date order (file order within a date), noting the place
    /// in date order of each place in the file.
    private func writeStagedEvents() throws {
        let statement = try db.makeStatement(sql: """
            SELECT n, id, body, search, background, width, precision, iso, first, last, people FROM staging.staged_event
            ORDER BY first, second, last, n
            """)
        let placed = try Insert(db, "INSERT INTO staging.event_place(n, pos) VALUES (?, ?)")
        try eachRow(statement) { handle in
            func text(_ column: Int32) -> String { String(cString: sqlite3_column_text(handle, column)) }
            let body = Data(bytes: sqlite3_column_blob(handle, 2), count: Int(sqlite3_column_bytes(handle, 2)))
            let date = TimelineDate(precision: DatePrecision(rawValue: text(6)) ?? .day, firstDay: Int(sqlite3_column_int64(handle, 8)),
                                    lastDay: Int(sqlite3_column_int64(handle, 9)), iso: text(7))
            try placed.run(.int(Int(sqlite3_column_int64(handle, 0))), .int(eventCount))
            try write(id: text(1), date: date, background: sqlite3_column_int64(handle, 4) != 0, titleWidth: Int(sqlite3_column_int64(handle, 5)),
                      people: text(10).split(separator: " ").compactMap { Int($0) }, body: body, search: text(3))
            if eventCount % 4096 == 0 {
                if isCancelled() { throw StoreError.interrupted(path: path) }
                progress(StoreBuild.shareOfReading + 0.1 * Double(eventCount) / Double(max(1, readCount)), "putting events in date order")
            }
        }
    }

    /// The counts a query of (position, count) rows gives, for positions 0..<`count`.
    private func counts(_ sql: String, of count: Int) throws -> [Int] {
        var counts = [Int](repeating: 0, count: count)
        for row in try Row.fetchAll(db, sql: sql) {
            let position: Int = row[0]
            if counts.indices.contains(position) { counts[position] = row[1] }
        }
        return counts
    }

    /// Runs `statement`, giving `body` each row's statement handle.
    private func eachRow(_ statement: Statement, _ body: (OpaquePointer) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw Insert.failure(code, in: db) }
            try body(handle)
        }
    }

    /// Finds every staged quote in its source, a source at a time, and writes the sources and
    /// each one's citations, in text order. Where the quotes of events are goes to
    /// `event_quote`; where the others are, to `quote_place`, for the changes and the people
    /// and measures in memory. False when a source cannot be read or a quote is not found in it
    /// once.
    private func placeQuotes() throws -> Bool {
        let sources = try Insert(db, "INSERT INTO source(pos, id, body, text) VALUES (?, ?, ?, ?)")
        let placed = try Insert(db, "INSERT INTO quotes.quote_place(id, start, \"end\") VALUES (?, ?, ?)")
        let eventPlaced = try Insert(db, "INSERT INTO quotes.event_quote_staged(event, part, start, \"end\") VALUES (?, ?, ?, ?)")
        let citations = try Insert(db, "INSERT INTO citation(source, n, start, \"end\", prefix, suffix, kind, a, b) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        // Events written as they came are at their place in the file; staged ones were given
        // their place in date order by `writeStagedEvents`.
        let statement = try db.makeStatement(sql: """
            SELECT sp.pos, q.id, q.text, q.prefix, q.suffix, q.kind, \(inFileOrder ? "q.a" : "coalesce(ep.pos, q.a)"), q.b, q.grp, q.part
            FROM quotes.quote_staged q JOIN staging.source_pos sp ON sp.id = q.source
            \(inFileOrder ? "" : "LEFT JOIN staging.event_place ep ON q.grp = 0 AND ep.n = q.a")
            ORDER BY sp.pos
            """)
        var s = -1
        var sourceID = ""
        var passages: SourcePassages?
        var placedCount = 0
        var cited: [(start: Int, end: Int, prefix: String?, suffix: String?, kind: Int, a: Int, b: Int, group: Int, part: Int)] = []
        var allFound = true
        /// Writes the citations of the source being read, then the sources up to `last`,
        /// keeping the last one's text for its quotes.
        func writeSources(through last: Int) throws {
            guard last > s else { return }
            cited.sort { ($0.start, $0.end, $0.group, $0.a, $0.part) < ($1.start, $1.end, $1.group, $1.a, $1.part) }
            for (n, c) in cited.enumerated() {
                try citations.run(.int(s), .int(n), .int(c.start), .int(c.end), c.prefix.map(Value.text) ?? .null, c.suffix.map(Value.text) ?? .null,
                                  .int(c.kind), .int(c.a), .int(c.b))
            }
            cited.removeAll(keepingCapacity: true)
            while s < last {
                s += 1
                guard s < sourceCount else { return }
                var source = try self.source(at: s)
                sourceID = source.id
                // A timeline read whole (TimelineJS) comes with its texts; a streamed one without.
                guard let text = source.text.isEmpty ? files.readableSourceText(source.file) : source.text else {
                    allFound = false
                    passages = nil
                    continue
                }
                source.text = ""
                try sources.run(.int(s), .text(source.id), .blob(try encoder.encode(source)), .text(text))
                if recordsFiles { try record(source.file, as: s + 1) }
                passages = SourcePassages(id: source.id, text: text)
                if s % 1024 == 0 { progress(StoreBuild.shareOfReading + 0.1 + 0.1 * Double(s) / Double(max(1, sourceCount)), "finding quotes") }
            }
        }
        try eachRow(statement) { handle in
            guard allFound else { return }
            try writeSources(through: Int(sqlite3_column_int64(handle, 0)))
            func text(_ column: Int32) -> String? { sqlite3_column_text(handle, column).map { String(cString: $0) } }
            func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
            placedCount += 1
            let quote = Quote(source: sourceID, text: text(2) ?? "", prefix: text(3), suffix: text(4), start: 0, end: 0)
            guard let (start, end) = passages?.place(quote) else {
                allFound = false
                return
            }
            let (a, group, part) = (int(6), int(8), int(9))
            if group == 0 {
                try eventPlaced.run(.int(a), .int(part), .int(start), .int(end))
            } else {
                try placed.run(.int(int(1)), .int(start), .int(end))
            }
            cited.append((start, end, quote.prefix, quote.suffix, int(5), a, int(7), group, part))
        }
        // A quote whose source is not among the sources was left out of the join.
        guard allFound, placedCount == quoteCount else { return false }
        // Past the last source, so that its citations are written too.
        try writeSources(through: sourceCount)
        return allFound
    }

    /// Records the file at `path` (as the timeline names it) as it is now, as the `n`th file read.
    private func record(_ path: String, as n: Int) throws {
        let stamp = Provenance.stamp(of: files.displayPath(path))
        try recordFile.run(.int(n), .text(stamp.path), .int(Int(stamp.size)), .real(stamp.modified), .text(stamp.hash))
    }

    /// Once every event is in: writes what refers to events by their place in date order, and
    /// the rest of the timeline. False when the ids of events or sources turn out not to be
    /// unique, a measure change names an event there is not, or a quote's source is not there
    /// or does not hold it: the load's exact pass reports which.
    func finish(_ rest: Timeline) throws -> Bool {
        guard !sourceIDRepeated else { return false }
        try writeEncoded()
        if !inFileOrder { try writeStagedEvents() }
        progress(StoreBuild.shareOfReading + 0.1, "indexing")
        search.add(searched)
        searched = []
        do {
            try db.execute(sql: "CREATE UNIQUE INDEX event_id ON event(id)")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            return false
        }
        let encoder = self.encoder
        func body(_ value: some Encodable) throws -> Data { try encoder.encode(value) }

        // The quotes of people and measures, which are in memory, join the staged ones.
        var people = rest.people
        var roleQuotes: [[Int]] = []
        for (p, person) in people.enumerated() {
            var quotes: [Int] = []
            for (r, role) in person.roles.enumerated() {
                quotes.append(try stage(role.quote, .role(person: p, role: r), quoteIndex: 0, order: (1, r)))
            }
            roleQuotes.append(quotes)
        }
        var measureQuotes: [[Int]] = []
        for (m, measure) in rest.measures.enumerated() {
            var quotes: [Int] = []
            for (q, quote) in measure.quotes.enumerated() {
                quotes.append(try stage(quote, .measure(m), quoteIndex: measure.quotes.firstIndex(of: quote) ?? 0, order: (2, q)))
            }
            measureQuotes.append(quotes)
        }
        // A measure's changes are listed in the date order of their events.
        try db.execute(sql: """
            CREATE TABLE changes.change_ordered AS
                SELECT c.measure AS measure, row_number() OVER (PARTITION BY c.measure ORDER BY e.pos, c.n) - 1 AS n, e.pos AS event,
                       e.first AS first, e.last AS last, c.quote AS quote, c.body AS body
                FROM changes.change_staged c JOIN event e ON e.id = c.event
            """)
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM changes.change_ordered") == changeCount else { return false }
        // A change's citation, staged with its quote, takes its place among the measure's changes.
        let citeChange = try Insert(db, "UPDATE quotes.quote_staged SET b = ?, part = ? WHERE id = ?")
        try eachRow(try db.makeStatement(sql: "SELECT measure, n, quote FROM changes.change_ordered")) { handle in
            let (m, c) = (Int(sqlite3_column_int64(handle, 0)), Int(sqlite3_column_int64(handle, 1)))
            try citeChange.run(.int(c), .int(rest.measures[m].quotes.count + c), .int(Int(sqlite3_column_int64(handle, 2))))
        }

        guard try placeQuotes() else { return false }
        progress(StoreBuild.shareOfReading + 0.2, "indexing")
        let placeOfQuote = try db.makeStatement(sql: "SELECT start, \"end\" FROM quotes.quote_place WHERE id = ?")
        func placed(_ quote: inout Quote, _ id: Int) throws {
            guard let row = try Row.fetchOne(placeOfQuote, arguments: [id]) else { return }
            (quote.start, quote.end) = (row[0], row[1])
        }
        let changeCounts = try counts("SELECT measure, count(*) FROM changes.change_staged GROUP BY measure", of: rest.measures.count)
        let insertMeasure = try Insert(db, "INSERT INTO measure(pos, id, changes, body) VALUES (?, ?, ?, ?)")
        for m in rest.measures.indices {
            var measure = rest.measures[m]
            for q in measure.quotes.indices { try placed(&measure.quotes[q], measureQuotes[m][q]) }
            try insertMeasure.run(.int(m), .text(measure.id), .int(changeCounts[m]), .blob(try body(measure)))
        }
        try db.execute(sql: """
            INSERT INTO change(event, measure, n, start, "end", first, last, body)
                SELECT c.event, c.measure, c.n, p.start, p."end", c.first, c.last, c.body FROM changes.change_ordered c JOIN quotes.quote_place p ON p.id = c.quote
                ORDER BY c.event, c.measure, c.n;
            INSERT INTO event_quote(event, part, start, "end") SELECT event, part, start, "end" FROM quotes.event_quote_staged ORDER BY event, part;
            INSERT INTO participation(person, event) SELECT DISTINCT person, event FROM people.participation_staged ORDER BY person, event;
            """)
        let eventCounts = try counts("SELECT person, count(*) FROM participation GROUP BY person", of: people.count)
        let insertPerson = try Insert(db, "INSERT INTO person(pos, events, body) VALUES (?, ?, ?)")
        for p in people.indices {
            for r in people[p].roles.indices { try placed(&people[p].roles[r].quote, roleQuotes[p][r]) }
            try insertPerson.run(.int(p), .int(eventCounts[p]), .blob(try body(people[p])))
        }

        let rowsMade = builder.finish(rows: TimelineList([]), rowOfEvent: TimelineList([]))
        let header = StoreHeader(
            title: rest.title, description: rest.description, backgroundLabel: rest.backgroundLabel, measureKinds: rest.measureKinds,
            measureStatuses: rest.measureStatuses, warnings: rest.warnings, eras: rest.eras, scale: rest.scale, media: rest.media, format: rest.format,
            convertedFrom: rest.convertedFrom, eventCount: eventCount, backgroundEventCount: backgroundEventCount, measureCount: rest.measures.count,
            sourceCount: sourceCount, rowCount: rowCount, axisDays: rowsMade.axisDays, storyStart: rowsMade.storyStart, firstEvent: rowsMade.firstEvent,
            widestTitle: rowsMade.widestTitle, axisFirst: rowsMade.axisLabels.first, axisLast: rowsMade.axisLabels.last)
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('header', ?)", arguments: [try body(header)])
        if recordsFiles { try record(files.mainFile, as: 0) }
        return true
    }
}

/// The search index (FTS5 trigrams, as costly as the rest of a build together), built on a
/// thread and a connection of its own, in a file of its own, while the rest of the store is
/// written; `StoreBuild` copies its tables into the store at the end.
private final class SearchBuild: Sendable {
    private let path: String
    /// What the thread is asked to do next.
    private enum Work: Sendable {
        /// Index these events' searched text.
        case add([(event: Int, text: String)])
        /// Take back everything indexed so far.
        case removeAll
    }

    /// Work waiting, and whether no more will come.
    private let waiting = Mutex<(work: [Work], ended: Bool)>(([], false))
    private let ready = DispatchSemaphore(value: 0)
    private let room = DispatchSemaphore(value: 8)
    private let finished = DispatchSemaphore(value: 0)
    private let failure = Mutex<DatabaseError?>(nil)
    private let isCancelled: @Sendable () -> Bool

    /// Creates the file and its table, then starts the thread that fills it, which stops
    /// writing once `isCancelled` says so.
    init(path: String, isCancelled: @escaping @Sendable () -> Bool) throws {
        (self.path, self.isCancelled) = (path, isCancelled)
        unlink(path)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF")
            try db.execute(sql: StoreFormat.searchTable)
            // Fewer, larger segments to merge: the terms of 64 MiB of text are gathered in memory first.
            try db.execute(sql: "INSERT INTO search(search, rank) VALUES ('hashsize', 67108864)")
        }
        try queue.close()
        Thread.detachNewThread { self.fill() }
    }

    /// Hands on a batch of events' searched text, in event order.
    func add(_ batch: [(event: Int, text: String)]) {
        guard !batch.isEmpty else { return }
        ask(.add(batch))
    }

    /// Takes back every event's text handed on so far.
    func removeAll() { ask(.removeAll) }

    private func ask(_ work: Work) {
        room.wait()
        waiting.withLock { $0.work.append(work) }
        ready.signal()
    }

    /// Waits for every batch to be written and the file closed; what went wrong, if anything.
    /// Calls after the first only wait.
    func finish() -> DatabaseError? {
        let first = waiting.withLock { waiting in
            defer { waiting.ended = true }
            return !waiting.ended
        }
        if first { ready.signal() }
        finished.wait()
        finished.signal()
        return failure.withLock { $0 }
    }

    private func fill() {
        var db: OpaquePointer?
        var insert: OpaquePointer?
        func fail() {
            let code = db.map(sqlite3_errcode) ?? SQLITE_CANTOPEN
            let message = db.map { String(cString: sqlite3_errmsg($0)) }
            failure.withLock { $0 = $0 ?? DatabaseError(resultCode: ResultCode(rawValue: code), message: message) }
        }
        if sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) != SQLITE_OK
            || sqlite3_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN", nil, nil, nil) != SQLITE_OK
            || sqlite3_prepare_v2(db, "INSERT INTO search(rowid, text) VALUES (?, ?)", -1, &insert, nil) != SQLITE_OK {
            fail()
        }
        stoppingStatements(of: db, when: isCancelled) {
            fillFromQueue(db, insert, fail: fail)
            if failure.withLock({ $0 == nil }), sqlite3_exec(db, "COMMIT", nil, nil, nil) != SQLITE_OK { fail() }
        }
        sqlite3_finalize(insert)
        sqlite3_close(db)
        finished.signal()
    }

    /// Writes each piece of work waiting as it comes, until the end.
    private func fillFromQueue(_ db: OpaquePointer?, _ insert: OpaquePointer?, fail: () -> Void) {
        while true {
            ready.wait()
            // Each signal is one piece of work or, last, the end: nothing waiting means the end.
            guard let work = waiting.withLock({ $0.work.isEmpty ? nil : $0.work.removeFirst() }) else { break }
            room.signal()
            // After a failure the rest is taken and dropped, so that no writer waits for room.
            guard failure.withLock({ $0 == nil }) else { continue }
            guard case .add(let batch) = work else {
                if sqlite3_exec(db, "INSERT INTO search(search) VALUES ('delete-all')", nil, nil, nil) != SQLITE_OK { fail() }
                continue
            }
            for (event, text) in batch {
                sqlite3_bind_int64(insert, 1, Int64(event))
                sqlite3_bind_text(insert, 2, text, -1, transient)
                let code = sqlite3_step(insert)
                sqlite3_reset(insert)
                if code != SQLITE_DONE {
                    fail()
                    break
                }
            }
        }
    }
}

/// An event with its body (`EventBytes`) and the text search looks in.
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

/// Has every statement on the connection `db` stop with SQLITE_INTERRUPT soon after
/// `isCancelled` says so while `body` runs, rather than when it ends: one statement of a large
/// build (an index, a sort, a copy of ten million rows) runs for minutes. SQLite asks every
/// thousand steps of its machine.
private func stoppingStatements<T>(of db: OpaquePointer?, when isCancelled: @escaping @Sendable () -> Bool, _ body: () throws -> T) rethrows -> T {
    guard let db else { return try body() }
    let check = CancellationCheck(isCancelled: isCancelled)
    sqlite3_progress_handler(db, 1000, { context in
        guard let context else { return 0 }
        return Unmanaged<CancellationCheck>.fromOpaque(context).takeUnretainedValue().isCancelled() ? 1 : 0
    }, Unmanaged.passUnretained(check).toOpaque())
    defer { sqlite3_progress_handler(db, 0, nil, nil) }
    return try withExtendedLifetime(check) { try body() }
}

/// What SQLite's progress handler asks, kept alive by `stoppingStatements`.
private final class CancellationCheck: Sendable {
    let isCancelled: @Sendable () -> Bool
    init(isCancelled: @escaping @Sendable () -> Bool) { self.isCancelled = isCancelled }
}

/// A value bound to a column.
private enum Value {
    case int(Int), real(Double), text(String), blob(Data), null
}

/// SQLite copies what it is given (SQLITE_TRANSIENT, which the C header spells as a cast).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
