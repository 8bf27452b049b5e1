import Testing
import TimelineModel
@testable import TimelineUI

@Suite("As of, sources side by side, filters, marks and copying")
struct FeatureTests {
    let size = Size(width: 100, height: 30)

    @Test func atSetsTheDateOfTheEventAndAgainClearsIt() {
        var s = state(size, [.character("G"), .character("@")])
        #expect((s.overlay as? TextPrompt)?.text == "2019-07-09", "the selected event's date, ready to take")
        s.press([.enter])
        #expect(s.asOf?.iso == "2019-07-09")
        #expect(s.barText.contains("as of Tue 9 Jul 2019"))
        s.press([.tab, .tab, .tab])
        #expect(s.render().lines.joined().contains("As of Tue 9 Jul 2019: eased"))
        s.press([.enter])
        #expect(s.historyMeasure == "huawei-licences")
        #expect(s.render().lines.joined().contains("As of Tue 9 Jul 2019: eased"))
        s.press([.escape, .character("@")])
        #expect(s.asOf == nil && s.message == "As-of date cleared")
    }

    @Test func aTypedDateThatIsNoDateKeepsThePromptOpen() {
        var s = state(size, keys("@"))
        s.press([.control("u")] + keys("9 Jux") + [.enter])
        #expect(s.overlay is TextPrompt)
        #expect(s.barText.contains("not a date"))
        s.press([.control("u")] + keys("1 Jul") + [.enter])
        #expect(s.overlay == nil && s.asOf?.iso == "2019-07-01")
        #expect(s.render().lines[1].contains("@"), "the date axis marks it")
    }

    @Test func sComparesTheSourcesAndEnterOpensAPassage() {
        var s = state(size, keys("s"))
        #expect(s.view is CompareView)
        let screen = s.render().lines.joined(separator: "\n")
        #expect(screen.contains("Sources side by side · Trump and Xi agree a truce"))
        #expect(screen.contains("Corroborated: 2 sources"))
        s.press([.tab, .enter])
        #expect(s.reader != nil)
        #expect(s.timeline.sources[s.reader!.source].id == "arirang-2019-07")
    }

    @Test func fFiltersWithCompletionAndFClears() {
        var s = state(size, keys("fpers") + [.tab] + keys("kud") + [.tab])
        #expect((s.overlay as? TextPrompt)?.text == "person:kudlow ")
        s.press([.enter])
        #expect(s.render().lines[0].contains("Timeline · 2 of 11 events"))
        #expect(s.selectedID == "kudlow-on-the-cards")
        s.press([.character("j"), .character("j")])
        #expect(s.selectedID == "kudlow-huawei-purchases", "moving stays within the filter")
        s.press(keys("F"))
        #expect(s.render().lines[0].contains("Timeline · 11 events"))
        var refused = state(size, keys("fnosuchword") + [.enter])
        #expect(refused.overlay is TextPrompt && refused.barText.contains("no event matches"))
        refused.press([.escape])
        #expect(refused.filter == nil)
    }

    @Test func tJumpsToTheFirstEventOnOrAfterADate() {
        var s = state(size, keys("t") + keys("2019-07-08") + [.enter])
        #expect(s.selectedID == "tariff-exemptions")
        s.press(keys("t") + keys("9 Jul") + [.enter])
        #expect(s.selectedID == "tariff-exemptions", "week 28 runs into 9 July")
        s.press(keys("t2020") + [.enter])
        #expect(s.barText.contains("no event on or after"))
    }

    @Test func starsAndNotesAreShownAndKept() {
        var s = state(size)
        let starred = s.press(keys("m"))
        #expect(starred == [.keep(Marks(starred: ["g20-truce"]), Place(event: "g20-truce", view: .timeline))])
        #expect(s.render().lines.contains { $0.contains("▶ Trump and Xi") && $0.contains("★") })
        s.press(keys("a") + keys("check the date"))
        let noted = s.press([.enter])
        #expect(noted == [.keep(Marks(starred: ["g20-truce"], notes: ["g20-truce": "check the date"]), Place(event: "g20-truce", view: .timeline))])
        #expect(s.render().lines.joined().contains("✎ check the date"))
        s.press(keys("a"))
        #expect((s.overlay as? TextPrompt)?.text == "check the date", "a again edits the note")
        s.press([.control("u"), .enter])
        #expect(s.marks.notes.isEmpty && s.message == "Note removed")
    }

    @Test func yCopiesACitationAndYTheEventAsMarkdown() {
        var s = state(size, [.end, .tab, .tab, .tab, .tab])
        let quote = s.press(keys("y"))
        #expect(quote == [.copy("“Plus, in a surprise announcement Tuesday,... U.S. Commerce Secretary Wilbur Ross said Washington will issue licenses to American companies seeking to sell goods to China's telecoms giant Huawei,... so long as the sales pose no threat to U.S. national security.” — Arirang News, Lee Seung-jae, week 28 of 2019 (8–14 Jul)", what: "the quote")])
        guard case .copy(let markdown, _)? = s.press(keys("Y")).first else { Issue.record("nothing copied"); return }
        #expect(markdown.hasPrefix("## Tue 9 Jul 2019 — Ross: licences for sales to Huawei\n"))
        #expect(markdown.contains("- **Wilbur Ross** (Commerce Secretary)"))
        #expect(markdown.contains("> “Plus, in a surprise announcement"))
    }

    @Test func theReaderSearchesItsSourceAndStepsPassagesWithBrackets() {
        var s = state(size, [.end, .tab, .tab, .tab, .tab, .enter])
        let passage = s.reader?.citation ?? -1
        s.press(keys("/hiatus"))
        #expect(s.barText.contains("1 line with hits"))
        s.press([.enter])
        #expect(s.render().lines.contains { $0.contains("hiatus") })
        #expect(s.render().styleLines.joined().contains("MMMMMM"), "the hit is marked")
        s.press(keys("n"))
        #expect(s.message == "Search wrapped to the first hit")
        s.press(keys("]"))
        #expect(s.reader?.citation == passage + 1)
    }

    @Test func whereTheReaderWasReopens() {
        var s = AppState(timeline: bundled, size: size)
        s.reopen(Place(event: "ross-huawei-licences", view: .person("ross")))
        #expect(s.involvedPerson == "ross")
        s.press([.escape])
        #expect(s.selectedID == "ross-huawei-licences")
        var gone = AppState(timeline: bundled, size: size)
        gone.reopen(Place(event: "no-such-event", view: .timeline))
        #expect(gone.selectedID == "g20-truce", "a place that no longer exists opens as usual")
    }
}

@Suite("A TimelineJS file in the browser")
struct TimelineJSBrowserTests {
    @Test func groupsErasMediaAndDisplayDatesShow() {
        var s = AppState(timeline: riverTowns, size: Size(width: 120, height: 30))
        let screen = s.render().lines
        #expect(screen[0].contains("Timeline · 3 events"))
        #expect(screen[1].contains("1901") && screen[1].contains("1920") && screen[1].contains("═"), "the era is shaded on the axis: \(screen[1])")
        #expect(screen.contains { $0.contains("First flood") && $0.contains("Weather") }, "the group shows in the row")
        #expect(screen.joined().contains("Group: Weather") && screen.joined().contains("Era: Flood decade"))
        #expect(screen.contains { $0.contains("│Water rose.") } && screen.contains { $0.contains("│Again.") }, "paragraphs stay paragraphs")
        s.press([.character("j")])
        let bridge = s.render().lines.joined(separator: "\n")
        #expect(bridge.contains("1905 to 1907"))
        #expect(bridge.contains("Link: https://example.org/bridge.jpg") && bridge.contains("Credit: Town archive"))
        s.press([.character("j")])
        #expect(s.render().lines.joined().contains("Spring 1920 · 1920"))
        s.press(keys("fgroup:Works") + [.enter])
        #expect(s.render().lines[0].contains("1 of 3 events") && s.selectedID.hasPrefix("bridge"))
    }
}

@Suite("What the sources say that the timeline does not use")
struct UncitedTests {
    @Test func theReaderMarksUncitedPassagesAndUSteps() {
        var s = state(Size(width: 100, height: 30), [.end, .tab, .tab, .tab, .tab, .enter])
        let spans = s.timeline.uncitedSpans(of: s.reader!.source)
        #expect(!spans.isEmpty)
        s.press(keys("u"))
        #expect(s.message?.hasPrefix("Uncited passage ") == true && s.message?.hasSuffix(" of \(spans.count)") == true, "\(s.message ?? "")")
        let screen = s.render()
        #expect(screen.lines.contains { $0.contains("┆ ") }, "uncited lines have their own gutter mark")
        #expect(screen.styleLines.joined().contains("uuuu"), "uncited text is dimmed")
        let first = s.reader!.scroll
        s.press(keys("U"))
        #expect(s.reader!.scroll != first || spans.count == 1)
    }
}

@Suite("Quotes that hold quotation marks")
struct NestedQuoteTests {
    @Test func aQuoteEndingInAQuotationMarkIsNestedNotDoubled() {
        let s = state(Size(width: 140, height: 40), [.character("j")])
        #expect(s.selectedID == "kudlow-on-the-cards")
        let screen = s.render().lines.joined(separator: "\n")
        #expect(screen.contains("‘said last week,... that a face-to-face meeting was \"on the cards.\"’"), "\(screen)")
        #expect(!screen.contains("\"on the cards.\"”"))
    }
}

@Suite("A filter on stars")
struct StarredFilterTests {
    @Test func followsTheStars() {
        var s = state(Size(width: 100, height: 30), keys("mjm") + keys("fstarred") + [.enter])
        #expect(s.render().lines[0].contains("Timeline · 2 of 11 events"))
        s.press(keys("m"))
        #expect(s.render().lines[0].contains("Timeline · 1 of 11 events"), "unstarring drops the event from a filter on stars")
        s.press(keys("m"))
        #expect(s.filter == nil && s.message == "No event matches the filter any more: it is cleared")
        #expect(s.render().lines.contains { $0.contains("▶") })
    }
}
