import Testing
import TestSupport
import TimelineModel

/// What the sources say that the timeline does not use.
@Suite("Uncited spans")
struct UncitedTests {
    func texts(_ ranges: [Range<Int>], in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return ranges.map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    @Test func sentencesEndAtStopsAndLineBreaksButNotAtInitials() {
        let text = "U.S. Trade Representative Robert Lighthizer spoke. Huawei Technologies Co., but not Mr. Ross, said so!\n"
            + "“Is it?” she asked. The talks resume this week... after two months. It was 25% on July 9."
        #expect(texts(Timeline.sentences(in: text), in: text) == [
            "U.S. Trade Representative Robert Lighthizer spoke.",
            "Huawei Technologies Co., but not Mr. Ross, said so!",
            "“Is it?” she asked.",
            "The talks resume this week... after two months.",
            "It was 25% on July 9.",
        ])
    }

    @Test func wholeSentencesAndWhatPartlyCitedOnesLeave() throws {
        // The sample cites "On Tuesday the minister said the tariff stays.", "the minister said",
        // "he said again", "the tariff stays" and "Last week talks began."; its source has one
        // sentence more, and one partly cited.
        let source = SampleTimeline.source + " The ministry gave no figures for the exports."
        let timeline = try Fixture.load(source: source).get()
        let uncited = texts(timeline.uncitedSpans(of: 0), in: source)
        // "The tariff stays, he said again." leaves "The tariff stays," (three words) between cited passages.
        #expect(uncited == ["The tariff stays,", "The ministry gave no figures for the exports."])
    }

    @Test func theBundledSourcesLeaveTheirHeadlinesBylinesAndScrapeArtefactsUncited() throws {
        let t = try TimelineLoader.load(.bundled).get()
        let s = try #require(t.sourceIndex["ttnews-2019-07-10"])
        let uncited = texts(t.uncitedSpans(of: s), in: t.sources[s].text)
        #expect(uncited.contains("US, China’s Top Trade Officials Make First Contact Since Truce"))
        #expect(uncited.contains("[Stay on top of transportation news: Get TTNews in your inbox.]"))
        #expect(uncited.contains("ChinaU.S. Trade Representative Robert Lighthizer (Anna Moneymaker/Bloomberg News)"))
    }
}
