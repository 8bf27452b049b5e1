import Testing
import TestSupport
import TimelineModel

/// The relative date grammar of docs/data-format.md, form by form.
@Suite("Relative dates")
struct RelativeDateTests {
    /// Wednesday 10 July 2019, the TTNews article's date.
    let day = try! TimelineDate.parse("2019-07-10").get()
    /// ISO week 28 of 2019 (8–14 July), the broadcast's.
    let week = try! TimelineDate.parse("2019-W28").get()
    let month = try! TimelineDate.parse("2019-07").get()
    let year = try! TimelineDate.parse("2019").get()

    func resolved(_ phrase: String, _ anchor: TimelineDate) -> String? { RelativeDate.resolve(phrase, against: anchor)?.iso }

    @Test func weekdays() {
        #expect(resolved("Tuesday", day) == "2019-07-09")
        #expect(resolved("on Tuesday", day) == "2019-07-09")
        #expect(resolved("Friday", week) == "2019-07-12")
        #expect(resolved("this Friday", day) == "2019-07-12")
        #expect(resolved("last Tuesday", day) == "2019-07-02")
        #expect(resolved("next Monday", week) == "2019-07-15")
        #expect(RelativeDate.read("Tuesday", against: month) == .needsAnchor(.week))
    }

    @Test func yesterdayTodayTomorrow() {
        #expect(resolved("yesterday", day) == "2019-07-09")
        #expect(resolved("today", day) == "2019-07-10")
        #expect(resolved("Tomorrow", day) == "2019-07-11")
        #expect(resolved("last night", day) == "2019-07-09")
        #expect(resolved("this morning", day) == "2019-07-10")
        #expect(RelativeDate.read("yesterday", against: week) == .needsAnchor(.day))
    }

    @Test func countedDaysWeeksMonthsAndYears() {
        #expect(resolved("two days earlier", day) == "2019-07-08")
        #expect(resolved("3 days ago", day) == "2019-07-07")
        #expect(resolved("a day later", day) == "2019-07-11")
        #expect(resolved("two weeks ago", day) == "2019-W26")
        #expect(resolved("one week later", week) == "2019-W29")
        #expect(resolved("in two weeks", week) == "2019-W30")
        #expect(resolved("two months earlier", week) == "2019-05")
        #expect(resolved("twelve months ago", month) == "2018-07")
        #expect(resolved("a year ago", day) == "2018")
        #expect(resolved("10 years later", year) == "2029")
        #expect(RelativeDate.read("two days earlier", against: week) == .needsAnchor(.day))
    }

    @Test func lastThisAndNextWeekMonthAndYear() {
        #expect(resolved("last week", day) == "2019-W27")
        #expect(resolved("this week", week) == "2019-W28")
        #expect(resolved("next week", day) == "2019-W29")
        #expect(resolved("last month", week) == "2019-06")
        #expect(resolved("this month", day) == "2019-07")
        #expect(resolved("next month", month) == "2019-08")
        #expect(resolved("last year", week) == "2018")
        #expect(resolved("next year", year) == "2020")
        #expect(resolved("last month", try! TimelineDate.parse("2019-01-15").get()) == "2018-12")
        // A week that runs across two months has no one month to count from.
        #expect(RelativeDate.read("last month", against: try! TimelineDate.parse("2019-W31").get()) == .needsAnchor(.month))
    }

    @Test func monthNames() {
        #expect(resolved("In May", week) == "2019-05")
        #expect(resolved("August", day) == "2018-08")
        #expect(resolved("in May 2017", day) == "2017-05")
        #expect(RelativeDate.read("May", against: year) == .needsAnchor(.month))
    }

    @Test func earlierAndLaterThisWeekMonthOrYear() {
        #expect(resolved("earlier this week", day) == "2019-W28")
        #expect(resolved("later this month", week) == "2019-07")
        #expect(resolved("earlier this year", day) == "2019")
    }

    @Test func whatIsNotADatePhrase() {
        for phrase in ["almost yearlong", "two months of downtime", "has also said it will exempt", "soon", "last", "in", "two days"] {
            #expect(RelativeDate.read(phrase, against: day) == .unknown, "\(phrase)")
        }
    }
}

/// Warnings: the timeline loads, `tl check` says what needs a look.
@Suite("Warnings")
struct WarningTests {
    let unresolvable = Fixture.replacing("\"derivedFrom\": { \"phrase\": \"Last week\", \"source\": \"wire\" }",
                                         with: "\"derivedFrom\": { \"phrase\": \"talks began\", \"source\": \"wire\" }")

    @Test func aPhraseTlCannotResolveIsAWarning() throws {
        let timeline = try Fixture.load(unresolvable).get()
        #expect(timeline.warnings.count == 1)
        let warning = try #require(timeline.warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.path == "$.events[1].derivedFrom")
        #expect(warning.line == 25)
        #expect(warning.message == "tl cannot resolve “talks began” (docs/data-format.md lists the phrases it can); add a \"note\" saying how the date was worked out")
        #expect(warning.description.hasPrefix("fixture/timeline.json:25:22: $.events[1].derivedFrom: warning: tl cannot resolve"))
    }

    @Test func aNoteSaysHowAndSilencesIt() throws {
        let noted = SampleTimeline.replacing("\"phrase\": \"talks began\", \"source\": \"wire\"",
                                             with: "\"phrase\": \"talks began\", \"source\": \"wire\", \"note\": \"the week before the article\"", in: unresolvable)
        #expect(try Fixture.load(noted).get().warnings.isEmpty)
    }

    @Test func anAnchorTooCoarseIsAWarning() throws {
        let coarse = Fixture.replacing("\"phrase\": \"Tuesday\", \"source\": \"wire\"", with: "\"phrase\": \"Tuesday\", \"source\": \"wire\", \"anchor\": \"2019-07\"")
        let warnings = try Fixture.load(coarse).get().warnings
        #expect(warnings.map(\.message) == ["“Tuesday” cannot be resolved against 2019-07, which is less precise than a week; give an \"anchor\" that is, or a \"note\" saying how the date was worked out"])
    }

    @Test func warningsComeWithErrorsToo() {
        let broken = SampleTimeline.replacing("\"title\": \"Minister keeps the tariff\"", with: "\"title\": 1", in: unresolvable)
        guard case .failure(let error) = Fixture.load(broken) else { Issue.record("loaded"); return }
        #expect(error.diagnostics.map(\.severity) == [.error])
        #expect(error.warnings.map(\.path) == ["$.events[1].derivedFrom"])
    }
}
