import Foundation
import Testing
import TimelineModel

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("The bundled trade-talks timeline")
struct BundledTimelineTests {
    let timeline: Timeline

    init() throws {
        timeline = try TimelineLoader.load(.bundled).get()
    }

    @Test func bundledCopyMatchesDataFolder() throws {
        let data = packageRoot.appendingPathComponent("data")
        let enumerator = FileManager.default.enumerator(at: data, includingPropertiesForKeys: [.isRegularFileKey])!
        var onDisk: [String: String] = [:]
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(data.standardizedFileURL.path.count + 1))
            onDisk[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        #expect(onDisk.keys.sorted() == BundledTimeline.files.keys.sorted(), "data/ and the embedded copy differ: run scripts/embed-data")
        for (path, text) in onDisk {
            #expect(BundledTimeline.files[path] == text, "data/\(path) differs from the embedded copy: run scripts/embed-data")
        }
    }

    @Test func dataFolderLoadsTheSameAsTheEmbeddedCopy() throws {
        let fromDisk = try TimelineLoader.load(path: packageRoot.appendingPathComponent("data").path).get()
        #expect(fromDisk.events.map(\.id) == timeline.events.map(\.id))
    }

    @Test func everyQuoteIsVerbatimAtItsOffsets() {
        var checked = 0
        for (s, source) in timeline.sources.enumerated() {
            let scalars = Array(source.text.unicodeScalars)
            for citation in timeline.citationsOfSource[s] {
                let q = citation.quote
                var excerpt = String.UnicodeScalarView()
                excerpt.append(contentsOf: scalars[q.start..<q.end])
                #expect(String(excerpt) == q.text)
                checked += 1
            }
        }
        #expect(checked > 40)
    }

    @Test func everyEventRestsOnAQuoteAndEveryRoleAndChangeToo() {
        for event in timeline.events { #expect(!event.quotes.isEmpty, "\(event.id) has no quote") }
        for person in timeline.people { #expect(!person.roles.isEmpty) }
        #expect(timeline.measures.allSatisfy { !$0.changes.isEmpty })
    }

    @Test func spansTheG20MeetingToTheResumedTalks() throws {
        let nonBackground = timeline.events.filter { !$0.background }
        #expect(nonBackground.first?.date.date.iso == "2019-06-29")
        #expect(nonBackground.contains { $0.id == "first-contact-call" && $0.date.date.iso == "2019-07-09" })
        #expect(timeline.events.filter(\.background).map(\.id).contains("huawei-entity-list"))
        #expect(timeline.events.filter(\.background).allSatisfy { $0.date.date.lastDay < nonBackground[0].date.date.firstDay })
    }

    @Test func relativeDatesRecordPhraseAndAnchor() throws {
        let ross = try #require(timeline.event("ross-huawei-licences"))
        #expect(ross.date.derivation?.phrase == "Tuesday")
        #expect(ross.date.derivation?.anchor.iso == "2019-W28")
        #expect(ross.date.date.readable == "Tue 9 Jul 2019")
        let entity = try #require(timeline.event("huawei-entity-list"))
        #expect(entity.date.date.iso == "2019-05")
        #expect(entity.date.derivation?.phrase == "In May")
        let onTheCards = try #require(timeline.event("kudlow-on-the-cards"))
        #expect(onTheCards.date.date.iso == "2019-W27")
    }

    @Test func checksCleanWithoutWarnings() {
        #expect(timeline.warnings.isEmpty, "\(timeline.warnings)")
    }

    @Test func everyRoleRestsOnAQuoteThatNamesThePerson() {
        for person in timeline.people {
            for role in person.roles {
                let names = [person.name] + person.shortNames
                #expect(names.contains { role.quote.text.contains($0) }, "\(person.id): \(role.title) rests on “\(role.quote.text)”")
            }
        }
    }

    @Test func theRelaunchIsCitedAsItsOwnEvent() throws {
        let relaunch = try #require(timeline.event("talks-relaunch"))
        #expect(relaunch.date.date.iso == "2019-W28")
        #expect(relaunch.date.derivation?.phrase == "this week")
        #expect(relaunch.quotes.contains { $0.text == "The United States and China are set to relaunch trade talks this week" })
        let arirang = try #require(timeline.sourceIndex["arirang-2019-07"])
        let text = Array(timeline.sources[arirang].text.unicodeScalars)
        let uncited = timeline.uncitedSpans(of: arirang).map { String(String.UnicodeScalarView(text[$0])) }
        #expect(!uncited.contains { $0.contains("relaunch trade talks") })
    }

    @Test func datesTheSourcesDoNotStateSaySo() throws {
        let exemptions = try #require(timeline.event("tariff-exemptions"))
        #expect(exemptions.date.date.precision == .month)
        #expect(exemptions.date.derivation?.note?.hasPrefix("The sources give no date") == true)
        let stall = try #require(timeline.event("talks-stall"))
        #expect(stall.date.derivation?.note?.hasPrefix("An estimate") == true)
        #expect(stall.date.derivation?.note?.contains("The sources do not report the breakdown as an event") == true)
    }

    @Test func theLicenceChangeCitesTheAnnouncement() throws {
        let licences = try #require(timeline.measure("huawei-licences"))
        let ross = try #require(licences.changes.first { $0.event == "ross-huawei-licences" })
        #expect(ross.quote.text.hasPrefix("Washington will issue licenses to American companies"))
    }

    @Test func theTradeWarOf2018DoesNotCiteTheDutyOfJune2019() throws {
        let war = try #require(timeline.event("trade-war"))
        #expect(!war.quotes.contains { $0.text.contains("25% duty") })
        #expect(!war.summary.contains("25%"))
    }

    @Test func theTTNewsSourceSaysWhatItCarries() throws {
        let note = try #require(timeline.sourceWithoutText("ttnews-2019-07-10")?.note)
        #expect(note.contains("Bloomberg News") && note.contains("no quote cites either"))
    }

    @Test func broadcastDateIsMarkedInferred() throws {
        let arirang = try #require(timeline.sourceWithoutText("arirang-2019-07"))
        #expect(arirang.published.stated == false)
        #expect(arirang.published.reason?.isEmpty == false)
        #expect(arirang.kind == .broadcastTranscript)
        #expect(timeline.sourceWithoutText("ttnews-2019-07-10")?.published.time == "11:45")
    }
}

@Suite("Documentation")
struct DocumentationTests {
    /// The example in docs/data-format.md must stay a valid timeline.
    @Test func dataFormatExampleLoads() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/data-format.md"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let json = try #require(blocks.first { $0.hasPrefix("json") }).dropFirst(4)
        let text = try #require(blocks.first { $0.hasPrefix("\n") }).dropFirst()
        let timeline = try TimelineLoader.load(.memory(["timeline.json": String(json), "wire.txt": String(text)], label: "doc")).get()
        #expect(timeline.events.first?.date.derivation?.phrase == "Tuesday")
    }

    /// The council timeline in docs/data-format.md is the fixture, and passes `tl check` clean.
    @Test func theCouncilExampleIsTheFixtureAndLoadsClean() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/data-format.md"), encoding: .utf8)
        let marked = doc.components(separatedBy: "<!-- fixture: ").dropFirst()
        #expect(marked.count == 2)
        var files: [String: String] = [:]
        for part in marked {
            let path = String(part.prefix { $0 != " " })
            let block = try #require(part.components(separatedBy: "```").dropFirst().first)
            let text = String(block.drop { $0 != "\n" }.dropFirst())
            let file = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
            #expect(text == file, "docs/data-format.md's copy of \(path) differs from the file")
            files[String(path.dropFirst("Tests/Fixtures/council/".count))] = file
        }
        let council = try TimelineLoader.load(.memory(files, label: "council")).get()
        #expect(council.warnings.isEmpty)
        #expect(council.events.count == 5)
        #expect(council.people.allSatisfy { $0.country == nil })
        #expect(council.measureStatuses.suffix(3).map(\.rawValue) == ["proposed", "passed", "signed"])
        #expect(council.measures[0].changes.map(\.status.rawValue) == ["proposed", "passed", "signed"])
    }

    /// Every example of the relative date table resolves as the table says.
    @Test func theRelativeDateTableIsWhatTlResolves() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/data-format.md"), encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "## Relative dates").dropFirst().first?.components(separatedBy: "## ").first)
        let july10 = try TimelineDate.parse("2019-07-10").get()
        var checked = 0
        for line in section.split(separator: "\n") where line.hasPrefix("| ") {
            // "`phrase` → `date`" pairs in the last column.
            let cells = line.split(separator: "|")
            guard let examples = cells.last else { continue }
            for example in examples.components(separatedBy: ";") where example.contains("→") {
                let parts = example.components(separatedBy: "→").map { $0.trimmingCharacters(in: .whitespaces) }
                let phrase = parts[0].replacingOccurrences(of: "`", with: "")
                let date = try #require(parts[1].split(separator: "`").first.map(String.init))
                #expect(RelativeDate.resolve(phrase, against: july10)?.iso == date, "\(phrase) → \(date)")
                checked += 1
            }
            if line.contains("against week `2019-W28` too") {
                #expect(RelativeDate.resolve("Tuesday", against: try TimelineDate.parse("2019-W28").get())?.iso == "2019-07-09")
            }
        }
        #expect(checked >= 14)
    }

    /// The quote across a line break in docs/data-format.md loads against the sample.
    @Test func theLineBreakExampleLoads() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/data-format.md"), encoding: .utf8)
        let example = "{ \"source\": \"wire\", \"text\": \"he said again.\\nLast week talks began.\" }"
        #expect(doc.contains(example))
        let json = Fixture.replacing("{ \"source\": \"wire\", \"text\": \"Last week talks began.\" }", with: example)
        #expect(try Fixture.load(json).get().events.count == 2)
    }
}
