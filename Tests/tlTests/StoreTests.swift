import Foundation
import Synchronization
import Testing
import TimelineModel
import TimelineStore

#if canImport(Glibc)
import Glibc
#endif

/// A timeline's store (`tl index`), as a user meets it: the same answers as the JSON, used when
/// it is up to date and passed over when not, and every way it can go wrong said plainly.
@Suite("The store (tl index)")
struct StoreTests {
    /// Every command's JSON from the timeline and from its store, compared byte for byte.
    static func expectSameAnswers(_ data: URL, ids: (events: [String], people: [String], measures: [String], sources: [String]),
                                  searches: [String]) throws {
        let store = data.appendingPathComponent("timeline.sqlite").path
        var commands: [[String]] = [["events"], ["events", "--from", "2019-06-30"], ["people"], ["measures"],
                                    ["measures", "--as-of", "2019-07-01"], ["sources"], ["periods"]]
        commands += ids.events.map { ["show", $0] } + ids.people.map { ["person", $0] } + ids.measures.map { ["measure", $0] }
            + ids.sources.map { ["source", $0] } + searches.map { ["search", $0] }
            + [["events", "--person", ids.people[0]], ["events", "--measure", ids.measures[0]],
               ["events", "--filter", searches[0]], ["cite", ids.sources[0], searches[0]]]
        for command in commands {
            let fromJSON = try tl(command + ["--json", "--data", data.path, "--format", "tl"])
            let fromStore = try tl(command + ["--json", "--data", store])
            #expect(fromJSON.status == fromStore.status, "\(command)")
            #expect(fromJSON.stdout == fromStore.stdout, "\(command.joined(separator: " ")) differs")
            #expect(fromStore.stderr.isEmpty, "\(command): \(fromStore.stderr)")
        }
        // Exports, which name the input's format apart from what they write.
        for format in ["markdown", "timelinejs", "csv"] {
            let fromJSON = try tl(["export", "--format", format, "--data", data.path, "--input-format", "tl"])
            let fromStore = try tl(["export", "--format", format, "--data", store])
            #expect(fromJSON.status == 0 && fromJSON.stdout == fromStore.stdout, "export --format \(format) differs")
        }
    }

    static func ids(_ data: URL, _ kind: String, every step: Int = 1) throws -> [String] {
        let run = try tl([kind, "--json", "--data", data.path, "--format", "tl"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        return stride(from: 0, to: items.count, by: step).compactMap { items[$0]["id"] as? String }
    }

    @Test func theBundledTimelineAnswersTheSameFromItsStore() throws {
        let data = try copyOfData()
        let index = try tl(["index", "--data", data.path])
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.contains("timeline.sqlite: 11 events"))
        try Self.expectSameAnswers(data, ids: (try Self.ids(data, "events"), try Self.ids(data, "people"), try Self.ids(data, "measures"),
                                               try Self.ids(data, "sources")),
                                   searches: ["tariff", "Huawei", "hu", "Kudlow said", "zzz", "“"])

        // The store alone, without the timeline and sources it was built from.
        let alone = try temporaryFolder().appendingPathComponent("copy.sqlite")
        try FileManager.default.copyItem(at: data.appendingPathComponent("timeline.sqlite"), to: alone)
        try FileManager.default.removeItem(at: data)
        let events = try tl(["events", "--json", "--data", alone.path])
        let bundled = try tl(["events", "--json"])
        #expect(events.status == 0 && events.stdout == bundled.stdout)
        let source = try tl(["source", "arirang-2019-07", "--data", alone.path])
        #expect(source.status == 0 && source.stdout.contains("Arirang"))
    }

    @Test func aSyntheticTimelineAnswersTheSameFromItsStore() throws {
        let data = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        #expect(try spawn(generator.path, ["--events", "3000", "--seed", "7", "--output", data.path]).status == 0)
        #expect(try tl(["index", "--data", data.path]).status == 0)
        try Self.expectSameAnswers(data, ids: (try Self.ids(data, "events", every: 250), try Self.ids(data, "people", every: 20),
                                               try Self.ids(data, "measures", every: 5), try Self.ids(data, "sources", every: 30)),
                                   searches: ["Geneva", "geneva", "report 12", "Ana", "an", "Tariff 3 on"])
    }

    /// A synthetic timeline rewritten by `change`, its sections in alphabetical order (events
    /// first, before the sources, people and measures they refer to).
    static func rewrittenSynthetic(events: Int, _ change: (inout [String: Any]) -> Void) throws -> URL {
        let data = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        #expect(try spawn(generator.path, ["--events", "\(events)", "--seed", "11", "--output", data.path]).status == 0)
        let file = data.appendingPathComponent("timeline.json")
        var timeline = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        change(&timeline)
        try JSONSerialization.data(withJSONObject: timeline, options: [.prettyPrinted, .sortedKeys]).write(to: file)
        return data
    }

    @Test func eventsOutOfDateOrderAndSectionsInAnyOrderAnswerTheSame() throws {
        // Reversed: the build finds an event before one already written, and starts again
        // with the events staged and sorted by SQLite; events of one date keep their file order.
        let data = try Self.rewrittenSynthetic(events: 2500) { timeline in
            timeline["events"] = Array((timeline["events"] as? [Any] ?? []).reversed())
        }
        let index = try tl(["index", "--data", data.path])
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.contains("timeline.sqlite: 2,500 events"))
        try Self.expectSameAnswers(data, ids: (try Self.ids(data, "events", every: 200), try Self.ids(data, "people", every: 20),
                                               try Self.ids(data, "measures", every: 4), try Self.ids(data, "sources", every: 25)),
                                   searches: ["Geneva", "report 12", "Tariff 3 on"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["sources", "timeline.json", "timeline.sqlite"])

        // In date order for its first 5,000 events, which are written as they come; the next
        // is earlier, and those written are taken back and staged with the rest.
        let late = try Self.rewrittenSynthetic(events: 6000) { timeline in
            let events = timeline["events"] as? [[String: Any]] ?? []
            // A month ("2019-07") comes after its first day and before its second.
            func key(_ event: [String: Any]) -> String {
                let date = event["date"] as? String ?? ""
                return date.count == 7 ? date + "-01~" : date
            }
            let sorted = events.prefix(5000).sorted { key($0) < key($1) }
            timeline["events"] = sorted + events.dropFirst(5000)
        }
        #expect(try tl(["index", "--data", late.path]).status == 0)
        try Self.expectSameAnswers(late, ids: (try Self.ids(late, "events", every: 400), try Self.ids(late, "people", every: 30),
                                               try Self.ids(late, "measures", every: 8), try Self.ids(late, "sources", every: 40)),
                                   searches: ["Geneva", "Report 4"])
    }

    @Test func indexReportsExactlyWhatCheckReports() throws {
        // Each problem comes late, after thousands of events have gone to the store, and some
        // only show once every event is in (a repeated id, a change naming no event, a quote
        // naming no source).
        func editing(_ section: String, _ index: Int, _ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { timeline in
                var items = timeline[section] as! [[String: Any]]
                change(&items[index])
                timeline[section] = items
            }
        }
        func first(_ field: String, _ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { item in
                var list = item[field] as! [[String: Any]]
                change(&list[0])
                item[field] = list
            }
        }
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("a repeated event id", editing("events", 4000) { $0["id"] = "event-10" }),
            ("a change naming no event", editing("measures", 2, first("changes") { $0["event"] = "event-40000" })),
            ("a quote not in its source", editing("events", 4500, first("quotes") { $0["text"] = "Words the source never had." })),
            ("a field of the wrong kind", editing("events", 4900) { $0["background"] = "no" }),
            // Sources are handed on and forgotten as they are read, so these show only at the end.
            ("a repeated source id", editing("sources", 150) { $0["id"] = "source-3" }),
            ("a quote naming no source", editing("events", 4700, first("quotes") { $0["source"] = "source-9999" })),
        ]
        for (name, change) in cases {
            let data = try Self.rewrittenSynthetic(events: 5000, change)
            let check = try tl(["check", "--data", data.path])
            let index = try tl(["index", "--data", data.path])
            #expect(check.status == 1 && index.status == 1, "\(name)")
            let problems = (check.stdout + check.stderr).split(separator: "\n").filter { $0.contains("timeline.json:") }
            // (A repeated source id also leaves the quotes of the source it hid without a source.)
            #expect(name == "a repeated source id" ? problems.count > 1 : problems.count == 1, "\(name): \(check.stdout)")
            #expect(index.stderr.split(separator: "\n").filter { $0.contains("timeline.json:") } == problems, "\(name): \(index.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["sources", "timeline.json"], "\(name)")
        }
    }

    @Test func aWideSearchInAStoreStepsBothWaysAsTheLoadedTimelineDoes() throws {
        let data = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        #expect(try spawn(generator.path, ["--events", "4000", "--seed", "5", "--output", data.path]).status == 0)
        #expect(try tl(["index", "--data", data.path]).status == 0)
        let loaded = try TimelineLoader.load(path: data.path).get()
        let stored = try SQLiteStorage(path: data.appendingPathComponent("timeline.sqlite").path) { error in fatalError("\(error)") }.timeline()
        for text in ["Geneva", "seoul", "Report 3", "an"] {
            let query = SearchQuery(text)
            let expected = SearchIndex(loaded).events(matching: query)
            let hits = SearchIndex(stored).hits(matching: query)
            #expect(expected.count > 256, "\(text): wide enough to be read a window at a time")
            #expect(hits.exactCount == nil)
            var forward: [Int] = [], backward: [Int] = []
            var next = hits.first(after: -1)
            while let hit = next { forward.append(hit); next = hits.first(after: hit) }
            var previous = hits.last(before: Int.max)
            while let hit = previous { backward.append(hit); previous = hits.last(before: hit) }
            #expect(forward == expected, "\(text) forwards")
            #expect(backward == expected.reversed(), "\(text) backwards")
        }
    }

    @Test func aFreshStoreIsUsedAndAStaleOneIsPassedOverWithANotice() throws {
        let data = try copyOfData()
        #expect(try tl(["index", "--data", data.path]).status == 0)
        let fresh = try tl(["check", "--data", data.path])
        #expect(fresh.status == 0)
        #expect(fresh.stdout.contains("Read from the store \(data.path)/timeline.sqlite, up to date with timeline.json and its sources"))

        // Touched but not changed: its content hash says it is the same.
        let timelineFile = data.appendingPathComponent("timeline.json")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: timelineFile.path)
        #expect(try tl(["check", "--data", data.path]).stdout.contains("Read from the store"))

        let source = data.appendingPathComponent("sources/arirang-2019-07.txt")
        try (try String(contentsOf: source, encoding: .utf8) + "\nA line added.\n").write(to: source, atomically: true, encoding: .utf8)
        let stale = try tl(["events", "--data", data.path])
        #expect(stale.status == 0)
        #expect(stale.stderr == "tl: \(data.path)/timeline.sqlite is out of date (sources/arirang-2019-07.txt changed); reading the timeline instead. `tl index` brings it up to date\n")
        #expect(stale.stdout.contains("g20-truce"))
        #expect(!(try tl(["check", "--data", data.path]).stdout.contains("Read from the store")))

        #expect(try tl(["index", "--data", data.path]).status == 0)
        #expect(try tl(["events", "--data", data.path]).stderr.isEmpty)
    }

    @Test func aDamagedStoreIsRefusedWithItsNameAndTheOldOneIsKeptWhenABuildFails() throws {
        let data = try copyOfData()
        let store = data.appendingPathComponent("timeline.sqlite")
        #expect(try tl(["index", "--data", data.path]).status == 0)
        let whole = try Data(contentsOf: store)

        func refused(_ bytes: Data, _ message: String) throws {
            let broken = try temporaryFolder().appendingPathComponent("broken.sqlite")
            try bytes.write(to: broken)
            let run = try tl(["events", "--data", broken.path])
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr == "tl: \(broken.path): \(message)\n")
        }
        try refused(Data("SQLite format 3\0".utf8) + Data(repeating: 7, count: 4000), "not a tl store (tl index writes them); it may be another SQLite file, or damaged")
        try refused(Data("not a database at all".utf8), "not a tl store (tl index writes them); it may be another SQLite file, or damaged")
        try refused(whole.prefix(whole.count / 2), "the store is cut short (\(whole.count / 2) bytes of \(whole.count)); run `tl index` again to rebuild it")
        var newer = whole
        newer[63] = 99  // user_version, the last byte of its four at offset 60
        try refused(newer, "the store was built by a newer tl (store format 99; this tl reads format 5); run this tl's `tl index` to rebuild it, or update tl")
        var older = whole
        older[63] = 1
        try refused(older, "the store was built by an older tl (store format 1; this tl reads format 5); run `tl index` again to rebuild it")

        // A disk that fills up (a file size limit does the same to one process) leaves the old store.
        let full = try spawn("sh", ["-c", "ulimit -f 64; exec '\(tlBinary.path)' index --data '\(data.path)'"])
        #expect(full.status == 1)
        #expect(full.stderr.hasPrefix("tl: \(data.path)/timeline.sqlite: cannot write the store: "), "\(full.stderr)")
        #expect(full.stderr.hasSuffix("; no store was written (an older one is left as it was)\n"))
        #expect(try Data(contentsOf: store) == whole)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["sources", "timeline.json", "timeline.sqlite"])
    }

    @Test func aFolderThatCannotBeWrittenIsSaid() throws {
        let data = try copyOfData()
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: data.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data.path) }
        // Root writes anywhere: the build then runs as nobody, as a user without the right would.
        let asUser = getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", tlBinary.path] : [tlBinary.path]
        let run = try spawn(asUser[0], Array(asUser.dropFirst()) + ["index", "--data", data.path])
        #expect(run.status == 1)
        #expect(run.stderr == "tl: \(data.path)/timeline.sqlite: cannot write the store: the folder is not writable; no store was written (an older one is left as it was)\n")
    }

    @Test func anInterruptedBuildLeavesTheOldStoreAndNoTemporaryFile() throws {
        let data = try copyOfData()
        let store = data.appendingPathComponent("timeline.sqlite")
        #expect(try tl(["index", "--data", data.path]).status == 0)
        let before = try Data(contentsOf: store)
        // The data changes, so that a build that went through would change the store.
        let timelineFile = data.appendingPathComponent("timeline.json")
        try (try String(contentsOf: timelineFile, encoding: .utf8).replacingOccurrences(of: "Trump and Xi agree a truce", with: "A truce"))
            .write(to: timelineFile, atomically: true, encoding: .utf8)

        let session = try TmuxSession(["index", "--data", data.path], environment: "TL_TEST_PAUSE_BEFORE_RENAME=3")
        // The store is written in full and waits to be renamed: then Ctrl-C.
        var waited = 0
        while try !FileManager.default.contentsOfDirectory(atPath: data.path).contains(where: { $0.hasSuffix(".tmp") }), waited < TmuxSession.patience {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 1
        }
        try session.send("C-c")
        #expect(try session.exitStatus() == 130)
        #expect(try session.joinedScreen().contains("\(data.path)/timeline.sqlite: interrupted; no store was written (an older one is left as it was)"))
        #expect(try Data(contentsOf: store) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["sources", "timeline.json", "timeline.sqlite"])
    }

    /// What an interrupt has seen, and what the build reported after it.
    final class Interrupt: Sendable {
        let state = Mutex<(interrupted: Bool, reportedAfter: [String])>((false, []))
    }

    @Test func anInterruptWhileTheStoreIsFinishedStopsItsNextStatement() throws {
        // Once every event is read, a build runs SQL for minutes at ten million events (an
        // index, a sort, copies of tables): an interrupt must stop the statement running, not
        // wait for the end.
        let data = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        #expect(try spawn(generator.path, ["--events", "3000", "--seed", "2", "--output", data.path]).status == 0)
        let interrupt = Interrupt()
        var writer = StoreWriter(path: data.appendingPathComponent("timeline.sqlite").path)
        writer.progress = { _, doing in
            interrupt.state.withLock { state in
                if state.interrupted { state.reportedAfter.append(doing) } else if doing == "indexing" { state.interrupted = true }
            }
        }
        writer.isCancelled = { interrupt.state.withLock { $0.interrupted } }
        do {
            _ = try writer.build(from: .disk(data.path), recordsFiles: true)
            Issue.record("the build went through")
        } catch {
            guard case .interrupted = error else { Issue.record("\(error)"); return }
        }
        #expect(interrupt.state.withLock { $0.interrupted && $0.reportedAfter.isEmpty }, "\(interrupt.state.withLock { $0.reportedAfter })")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["sources", "timeline.json"])
    }

    @Test func indexRefusesWhatItCannotIndex() throws {
        let bundled = try tl(["index"])
        #expect(bundled.status == 2)
        #expect(bundled.stderr.contains("the bundled timeline is built into tl: give --data to index a timeline file, or --output to index the bundled one anyway"))
        let data = try copyOfData()
        #expect(try tl(["index", "--data", data.path]).status == 0)
        let store = try tl(["index", "--data", data.appendingPathComponent("timeline.sqlite").path])
        #expect(store.status == 2)
        #expect(store.stderr.contains("is already a store; give the timeline it was built from"))
        let itself = try tl(["index", "--data", data.path, "--output", data.appendingPathComponent("timeline.json").path])
        #expect(itself.status == 2)
        #expect(itself.stderr.contains("is the timeline itself; tl never writes over the timeline it reads"))
        let broken = try temporaryFolder()
        try "{\"format\": \"tl-timeline/1\", \"title\": 3}".write(to: broken.appendingPathComponent("timeline.json"), atomically: true, encoding: .utf8)
        let problems = try tl(["index", "--data", broken.path])
        #expect(problems.status == 1)
        #expect(problems.stderr.contains("timeline.json:1:"))
        #expect(!FileManager.default.fileExists(atPath: broken.appendingPathComponent("timeline.sqlite").path))
    }

    /// The bundled timeline copied and indexed, and the browser on it, reading its store.
    static func browsingAStore() throws -> (data: URL, session: TmuxSession) {
        let data = try copyOfData()
        #expect(try tl(["index", "--data", data.path]).status == 0)
        let session = try TmuxSession(["--data", data.path])
        try session.waitFor("Read from the store")
        return (data, session)
    }

    @Test func theBrowserOpensAStoreAndSaysSo() throws {
        let (_, session) = try Self.browsingAStore()
        try session.waitFor("▶ Trump and Xi agree a truce")
        try session.send("j")
        try session.waitFor("▶ Kudlow says a face-to-face")
        try session.send("/")
        try session.type("huawei")
        try session.send("Enter")
        try session.waitFor("with hits")
        // A quote opens its source at its passage, found among the source's citations then.
        try session.send("Escape")
        for key in ["G", "Tab", "Tab", "Tab", "Tab", "Enter"] { try session.send(key) }
        try session.waitFor("▌ Plus, in a surprise announcement")
        // q closes the reader, then quits.
        try session.send("q")
        try session.waitFor("▶ Ross: licences for sales to Huawei")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }

    @Test func theBrowserReadsAStoreRebuiltUnderItAndSaysWhenItsTimelineIsSaved() throws {
        let (data, session) = try Self.browsingAStore()
        try session.send("j")
        try session.waitFor("▶ Kudlow says a face-to-face")
        // A save of the JSON reaches the store only through `tl index`, which the bar says.
        let file = data.appendingPathComponent("timeline.json")
        let saved = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"Kudlow says a face-to-face", with: "\"Edited: Kudlow says a face-to-face")
        try saved.write(to: file, atomically: true, encoding: .utf8)
        try session.waitFor("timeline.json saved: `tl index` shows it here")
        // The rebuilt store is read at once, on the event selected before.
        #expect(try tl(["index", "--data", data.path]).status == 0)
        try session.waitFor("Reloaded the rebuilt store")
        try session.waitFor("▶ Edited: Kudlow says")
        // A file put in its place that is not a store is said, and the one read is kept.
        let store = data.appendingPathComponent("timeline.sqlite")
        let garbage = data.appendingPathComponent("garbage")
        try Data("not a store".utf8).write(to: garbage)
        #expect(rename(garbage.path, store.path) == 0)
        try session.waitFor("The new store cannot be read, so the browser keeps the one it read")
        try session.send("k")
        try session.waitFor("▶ Trump and Xi agree a truce")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
        #expect(try session.terminalRestored())
    }

    @Test func aStoreDamagedWhileBrowsingEndsTlWithItsNameAndTheTerminalRestored() throws {
        let data = try temporaryFolder()
        let generator = tlBinary.deletingLastPathComponent().appendingPathComponent("tl-generate")
        #expect(try spawn(generator.path, ["--events", "20000", "--seed", "3", "--output", data.path]).status == 0)
        #expect(try tl(["index", "--data", data.path]).status == 0)
        let store = data.appendingPathComponent("timeline.sqlite")
        let session = try TmuxSession(["--data", store.path])
        try session.waitFor("Timeline · 20,000 events")
        // Cut short under the browser: the last events' pages are gone.
        #expect(truncate(store.path, off_t(try Data(contentsOf: store).count / 3)) == 0)
        try session.send("G")
        #expect(try session.exitStatus() == 1)
        #expect(try session.terminalRestored())
        let screen = try session.joinedScreen()
        #expect(screen.contains("tl: \(store.path): the store is damaged ("), "\(screen)")
    }
}
