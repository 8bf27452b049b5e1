import Foundation
import GRDB
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
            try AtomicFile.replace(path, with: temporary)
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
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, creating: temporary))
        }
        do {
            try queue.writeWithoutTransaction { db in
                // A build is all or nothing (the file is renamed into place only when whole), so
                // SQLite's own journal and syncs would only slow it down.
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;")
                try db.execute(sql: "PRAGMA application_id = \(StoreFormat.applicationID); PRAGMA user_version = \(StoreFormat.version);")
                try db.execute(sql: StoreFormat.schema)
                try db.inTransaction {
                    try insert(t, provenance: provenance, into: db)
                    return .commit
                }
                try db.execute(sql: StoreFormat.indexes)
                try db.execute(sql: "INSERT INTO search(search) VALUES ('optimize')")
            }
            try queue.close()
        } catch let error as StoreError {
            try? queue.close()
            throw error
        } catch {
            try? queue.close()
            throw StoreError.cannotWrite(path: path, reason: StoreError.reason(error, creating: temporary))
        }
    }

    private func insert(_ t: Timeline, provenance: Provenance, into db: Database) throws {
        let encoder = JSONEncoder()
        func body(_ value: some Encodable) throws -> Data { try encoder.encode(value) }

        let sources = try db.makeStatement(sql: "INSERT INTO source(pos, id, body, text) VALUES (?, ?, ?, ?)")
        for s in t.sources.indices {
            var source = t.sources[s]
            let text = source.text
            source.text = ""
            try sources.execute(arguments: [s, source.id, try body(source), text])
        }
        let people = try db.makeStatement(sql: "INSERT INTO person(pos, body) VALUES (?, ?)")
        for (p, person) in t.people.enumerated() { try people.execute(arguments: [p, try body(person)]) }
        let measures = try db.makeStatement(sql: "INSERT INTO measure(pos, id, changes, body) VALUES (?, ?, ?, ?)")
        let changes = try db.makeStatement(sql: "INSERT INTO change(measure, n, event, body) VALUES (?, ?, ?, ?)")
        for m in t.measures.indices {
            var measure = t.measures[m]
            for (c, change) in measure.changes.enumerated() {
                try changes.execute(arguments: [m, c, t.eventIndex[change.event] ?? -1, try body(change)])
            }
            let count = measure.changes.count
            measure.changes = TimelineList([])
            try measures.execute(arguments: [m, measure.id, count, try body(measure)])
        }
        let citations = try db.makeStatement(sql: "INSERT INTO citation(source, n, body) VALUES (?, ?, ?)")
        for s in t.citationsOfSource.indices {
            for (n, citation) in t.citationsOfSource[s].enumerated() { try citations.execute(arguments: [s, n, try body(citation)]) }
        }
        let participations = try db.makeStatement(sql: "INSERT INTO participation(person, event) VALUES (?, ?)")
        for p in t.eventsOfPerson.indices {
            for e in t.eventsOfPerson[p] { try participations.execute(arguments: [p, e]) }
        }

        let events = try db.makeStatement(sql: "INSERT INTO event(pos, id, row, body) VALUES (?, ?, ?, ?)")
        let rows = try db.makeStatement(sql: "INSERT INTO pane_row(n, kind, label, event) VALUES (?, ?, ?, ?)")
        let search = try db.makeStatement(sql: "INSERT INTO search(rowid, text) VALUES (?, ?)")
        var builder = TimelineRowBuilder()
        var rowCount = 0
        for e in t.events.indices {
            if e % 4096 == 0 {
                if isCancelled() { throw StoreError.interrupted(path: path) }
                progress(e, t.events.count)
            }
            let event = t.events[e]
            var eventRow = 0
            var failure: (any Error)?
            builder.add(event, at: e) { row in
                guard failure == nil else { return }
                let (label, position): (String?, Int?) = switch row {
                case .month(let text), .day(let text): (text, nil)
                case .event(let e): (nil, e)
                case .section, .gap: (nil, nil)
                }
                if case .event = row { eventRow = rowCount }
                do { try rows.execute(arguments: [rowCount, row.storedKind, label, position]) } catch { failure = error }
                rowCount += 1
            }
            if let failure { throw failure }
            try events.execute(arguments: [e, event.id, eventRow, try body(event)])
            try search.execute(arguments: [e, t.searchableFields(of: e).map { $0.text.lowercased() }.joined(separator: "\n")])
        }
        progress(t.events.count, t.events.count)
        let rowsMade = builder.finish(rows: TimelineList([]), rowOfEvent: TimelineList([]))
        let header = StoreHeader(
            title: t.title, description: t.description, backgroundLabel: t.backgroundLabel, measureKinds: t.measureKinds,
            measureStatuses: t.measureStatuses, warnings: t.warnings, eras: t.eras, scale: t.scale, media: t.media, format: t.format,
            convertedFrom: t.convertedFrom, eventCount: t.events.count, measureCount: t.measures.count, sourceCount: t.sources.count,
            rowCount: rowCount, axisDays: rowsMade.axisDays, storyStart: rowsMade.storyStart, firstEvent: rowsMade.firstEvent,
            widestTitle: rowsMade.widestTitle, axisFirst: rowsMade.axisLabels.first, axisLast: rowsMade.axisLabels.last,
            builtFrom: provenance)
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('header', ?)", arguments: [try body(header)])
    }
}
