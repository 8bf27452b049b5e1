import Foundation
import TestSupport
import Testing

/// `tl cite`: where a passage is, or the closest passages and what differs.
@Suite("tl cite")
struct CiteTests {
    /// Plain output with its lines joined: what it says, however it wraps.
    func flat(_ run: Run) -> String {
        run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func json(_ run: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func aPassageFoundOnceWithItsPlaceAndContext() throws {
        let run = try tl(["cite", "arirang", "Washington", "will", "issue", "licenses"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("“Washington will issue licenses” is in arirang-2019-07 once, at line 10, column\n87 (offsets 1496–1526)."))
        #expect(flat(run).contains("….S. Commerce Secretary Wilbur Ross said ⟦Washington will issue licenses⟧ to American companies seeking to sell g…"))
    }

    @Test func aPassageThatIsNotVerbatimGetsTheClosestAndWhatDiffers() throws {
        let run = try tl(["cite", "ttnews", "the Group-of-20 leaders' summit in Japan on June 29"])
        #expect(run.status == 3)
        #expect(flat(run).contains("is not verbatim in ttnews-2019-07-10. The closest passage: 1. line 13, column 134 (offsets 986–1037): "
                                   + "it differs in typography only: apostrophe: the quote has a straight apostrophe (') where the source has a curly apostrophe (’)"))
        #expect(flat(run).contains("…ost yearlong trade war after meeting at ⟦the Group-of-20 leaders’ summit in Japan on June 29⟧, and they"))
        let changed = try tl(["cite", "ttnews", "Kudlow said at a meeting in Washington"])
        #expect(changed.status == 3)
        #expect(flat(changed).contains("(offsets 1724–1761): wording: the quote has “a” where the source has “an”; "
                                       + "wording: the quote has “meeting” where the source has “event”"))
    }

    @Test func nothingCloseSaysSo() throws {
        let run = try tl(["cite", "ttnews", "purple elephants dance under the harvest moon"])
        #expect(run.status == 3)
        #expect(flat(run).contains("is not in ttnews-2019-07-10, and no passage there is close to it."))
    }

    @Test func severalOccurrencesEachWithTheShortestSelector() throws {
        let run = try tl(["cite", "arirang", "this week"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("“this week” is in arirang-2019-07 2 times; the prefix or suffix shown picks each\none."))
        #expect(run.stdout.contains("line 1, column 61 (offsets 60–69) · \"suffix\": \".\""))
        #expect(run.stdout.contains("line 6, column 68 (offsets 693–702) · \"suffix\": \",\""))
        let talks = try tl(["cite", "arirang", "trade talks"])
        #expect(talks.stdout.contains("· \"prefix\": \"resume \""))
    }

    @Test func theProposedSelectorsPickTheirOccurrenceWhenLoaded() throws {
        // Each occurrence's quote object, pasted into a timeline, loads at that occurrence.
        let run = try tl(["cite", "wire", "tariff", "stays", "--json", "--data", try Dataset().folder.path])
        let occurrences = try #require(try json(run)["occurrences"] as? [[String: Any]])
        #expect(occurrences.count == 2)
        for occurrence in occurrences {
            let quote = try #require(occurrence["quote"] as? [String: String])
            let place = try #require(occurrence["place"] as? [String: Any])
            let selector = quote.filter { $0.key == "prefix" || $0.key == "suffix" }.map { ", \"\($0.key)\": \"\($0.value)\"" }.joined()
            let dataset = try Dataset(Dataset.replacing("{ \"source\": \"wire\", \"text\": \"the tariff stays\" }",
                                                        "{ \"source\": \"wire\", \"text\": \"tariff stays\"\(selector) }"))
            let measure = try tl(["measure", "tariff", "--json", "--data", dataset.folder.path])
            #expect(measure.status == 0, "\(quote)")
            let changes = try #require(try JSONSerialization.jsonObject(with: Data(measure.stdout.utf8)) as? [String: Any])["changes"] as? [[String: Any]]
            let loaded = try #require(changes?.first?["quote"] as? [String: Any])
            #expect(loaded["start"] as? Int == place["start"] as? Int)
        }
    }

    @Test func jsonGivesTheQuoteObjectToPaste() throws {
        let run = try tl(["cite", "ttnews", "didn't outline a time frame", "--json"])
        #expect(run.status == 3)
        let object = try json(run)
        #expect(object["verbatim"] as? Bool == false)
        let closest = try #require((object["closest"] as? [[String: Any]])?.first)
        #expect(closest["quote"] as? [String: String] == ["source": "ttnews-2019-07-10", "text": "didn’t outline a time frame"])
        #expect(closest["typographyOnly"] as? Bool == true)
        let difference = try #require((closest["differences"] as? [[String: Any]])?.first)
        #expect(difference["kind"] as? String == "apostrophe")
        #expect(difference["quote"] as? String == "'" && difference["source"] as? String == "’")
        let place = try #require(closest["place"] as? [String: Any])
        #expect(place["line"] as? Int == 13)
        let found = try json(try tl(["cite", "arirang", "In May", "--json"]))
        #expect((found["occurrences"] as? [[String: Any]])?.first?["quote"] as? [String: String] == ["source": "arirang-2019-07", "text": "In May"])
    }

    @Test func aTimelineWithProblemsStillHasItsSourcesSearched() throws {
        // While a timeline is being written it has problems; the passage it needs is still found.
        let dataset = try Dataset(Dataset.replacing("\"title\": \"Minister keeps the tariff\"", "\"title\": 3"))
        let run = try tl(["cite", "wire", "Last week", "--data", dataset.folder.path])
        #expect(run.status == 0)
        #expect(run.stderr == "tl: the timeline has 1 problem; searching its sources all the same\n")
        #expect(run.stdout.hasPrefix("“Last week” is in wire once, at line 2, column 1 (offsets 80–89)."))
        // A source that cannot be read is still an error.
        let broken = try Dataset(Dataset.replacing("\"outlet\": \"Wire\"", "\"outlet\": 3"))
        let fails = try tl(["cite", "wire", "x", "--data", broken.folder.path])
        #expect(fails.status == 1)
        #expect(fails.stderr.contains("$.sources[0].outlet: expected a string, found a number"))
    }

    @Test func usage() throws {
        #expect(try tl(["cite", "arirang"]).status == 2)
        let unknown = try tl(["cite", "arirnag", "x"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("no source matches \"arirnag\""))
    }
}

/// `tl sources` and `tl source`: what each source says that the timeline does not use.
@Suite("Uncited passages on the command line")
struct UncitedCommandTests {
    @Test func sourcesGiveTheCitedShareAndTheUncitedSpans() throws {
        let run = try tl(["sources"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("ID                 KIND        DATE         CITED  UNCITED  OUTLET: TITLE\nttnews-2019-07-10  article     Wed 10 Jul   82%    7 "))
        #expect(run.stdout.contains("CITED: the share of the text's characters inside a cited passage. UNCITED: the\nstretches of its sentences that no passage cites (`tl source ID` lists them)."))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try tl(["sources", "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect(json.map { $0["uncitedSpans"] as? Int } == [7, 4])
    }

    @Test func sourceListsItsUncitedSpans() throws {
        let run = try tl(["source", "arirang"])
        #expect(run.stdout.contains("Not cited (4)\n  303–325\n      “Lee Seung-jae reports.”\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try tl(["source", "arirang", "--json"]).stdout.utf8)) as? [String: Any])
        let uncited = try #require(json["uncited"] as? [[String: Any]])
        #expect(uncited.first?["start"] as? Int == 303 && uncited.first?["end"] as? Int == 325)
        #expect(uncited.first?["text"] as? String == "Lee Seung-jae reports.")
    }
}
