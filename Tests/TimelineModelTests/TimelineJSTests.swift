import Foundation
import TestSupport
import Testing
import TimelineModel

/// Loads `text` as the file `name` (its format told from its content unless `format` is given).
func loadTimelineJS(_ text: String, name: String = "story.json", format: TimelineFormat? = nil) -> Result<Timeline, TimelineLoadError> {
    TimelineLoader.load(.memory([name: text], mainFile: name, label: "fixtures"), format: format)
}

func loaded(_ text: String, name: String = "story.json") throws -> Timeline {
    switch loadTimelineJS(text, name: name) {
    case .success(let timeline): return timeline
    case .failure(let error): Issue.record("\(error)"); throw error
    }
}

func problems(_ text: String, name: String = "story.json", format: TimelineFormat? = nil) -> [String] {
    switch loadTimelineJS(text, name: name, format: format) {
    case .success: return []
    case .failure(let error): return error.diagnostics.map(\.description)
    }
}

@Suite("TimelineJS files")
struct TimelineJSTests {
    @Test func theFormatIsToldFromTheContent() {
        func detect(_ text: String) -> TimelineFormat {
            Array(text.utf8).withUnsafeBufferPointer { TimelineFormat.detect($0) }
        }
        #expect(detect(TimelineJSFixtures.json) == .timelinejs)
        #expect(detect(TimelineJSFixtures.cosmological) == .timelinejs)
        #expect(detect(TimelineJSFixtures.csv) == .csv)
        #expect(detect(SampleTimeline.json) == .tl)
        #expect(detect(#"{ "events": [], "format": "tl-timeline/1" }"#) == .tl)
        #expect(detect("") == .tl)
    }

    @Test func theTitleSlideErasAndGroupsAreKept() throws {
        let t = try loaded(TimelineJSFixtures.json)
        #expect(t.format == .timelinejs)
        #expect(t.title == "The Millbrook Bridge 1850–2020")
        #expect(t.description == "How a river town’s bridge was built, lost and rebuilt.\n\nCompiled for the tests.")
        #expect(t.media == Media(url: "https://example.org/bridge.jpg", caption: "The old bridge & the ferry",
                                 credit: "Town archive[1] [1] https://example.org/archive"))
        #expect(t.eras.map(\.name) == ["The ferry years", "The iron bridge"])
        #expect(t.eras[1].start.iso == "1902-04" && t.eras[1].end.iso == "1944-12")
        #expect(t.groups == ["Legend", "River", "Bridge"])
        #expect(t.events(during: t.eras[1]).map { t.events[$0].id } == ["bridge-opens", "bridge-opens-2", "flood"])
    }

    @Test func datesKeepThePrecisionOfThePartsGiven() throws {
        let t = try loaded(TimelineJSFixtures.json)
        let dates = t.events.map { ($0.id, $0.start.iso, $0.start.precisionName, $0.end?.iso) }
        #expect(dates.map(\.0) == ["a-roman-ford", "ferry-licence", "bridge-opens", "bridge-opens-2", "flood", "1-rebuilt-2-reopened"])
        // -44 in TimelineJS is 44 BCE, ISO 8601's -0043.
        #expect(dates[0].1 == "-0043-03-15" && dates[0].2 == "day")
        #expect(t.events[0].date.date.readable == "Fri 15 Mar 44 BCE")
        // "01" and empty strings for the missing parts: a month.
        #expect(dates[1].1 == "1850-01" && dates[1].2 == "month")
        // Numbers, to the second; the end to the minute.
        #expect(dates[2].1 == "1902-04-12T09:30:05" && dates[2].2 == "second" && dates[2].3 == "1902-04-12T17:00")
        // A null day: a month, and a span to a year.
        #expect(dates[3].1 == "1944-11" && dates[3].3 == "1946")
        #expect(dates[5].1 == "2020-09-01T14" && dates[5].2 == "hour")
        #expect(t.events[2].dateLine == "Opening day · Sat 12 Apr 1902, 09:30:05 to Sat 12 Apr 1902, 17:00 · 1902-04-12T09:30:05/1902-04-12T17:00, second to minute precision")
        // The display date of a start date counts as the event's.
        #expect(t.events[4].displayDate == "the night of 3 November")
    }

    @Test func htmlBecomesTextWithLinksAsFootnotes() throws {
        let t = try loaded(TimelineJSFixtures.json)
        let ferry = try #require(t.event("ferry-licence"))
        #expect(ferry.summary == """
            The council grants a ferry licence & sets the fare at one penny.

            See the minutes[1] and the fare table[2].

            [1] https://example.org/minutes
            [2] https://example.org/fares
            """)
        let opening = try #require(t.event("bridge-opens"))
        #expect(opening.summary == "• Speeches\n• A brass band\n\nThen the first cart crossed.\nIt rained.")
        #expect(opening.media == Media(url: "https://example.org/opening.jpg", caption: "Crowds on the new bridge", credit: "Photo: A. Smith",
                                       thumbnail: "https://example.org/opening-small.jpg"))
        #expect(t.event("flood")?.title == "The flood “takes” the bridge")
        #expect(t.event("flood")?.summary == "")
        // Media without a URL is no media (TimelineJS shows none either).
        #expect(t.event("flood")?.media == nil)
        #expect(t.events[5].summary == "1. Rebuilt\n2. Reopened")
        // No headline: the date stands in for the title.
        #expect(t.events[5].title == "Tue 1 Sep 2020, 14h")
    }

    @Test func aSpreadsheetLoadsWithItsTitleErasQuotingAndTimes() throws {
        let t = try loaded(TimelineJSFixtures.csv, name: "lights.csv")
        #expect(t.format == .csv)
        #expect(t.title == "Harbour lights")
        #expect(t.description == "A harbour, its lamps, and \"the keepers\", 1890–1960.")
        #expect(t.media?.url == "https://example.org/lamp.jpg" && t.media?.credit == "Museum")
        #expect(t.eras.map(\.name) == ["Gas years"])
        #expect(t.events.map(\.title) == ["Lamps lit, at last", "Power cut", "Last keeper retires"])
        let cut = t.events[1]
        #expect(cut.start.iso == "1921-02-14T19:45" && cut.end?.iso == "1921-02-14T21:00")
        #expect(cut.summary == "The keeper wrote: \"Dark, all of it.\" We waited.")
        #expect(cut.group == "Lamps")
        let last = t.events[2]
        #expect(last.displayDate == "Autumn 1960" && last.summary == "Retired & honoured.")
        #expect(last.media == Media(url: "https://example.org/keeper.jpg", caption: "The keeper, aged 70", credit: "Port records[1] [1] https://example.org/p"))
    }

    @Test func aCosmologicalTimelineHasYearsOnly() throws {
        let t = try loaded(TimelineJSFixtures.cosmological)
        #expect(t.scale == .cosmological)
        #expect(t.events.map { $0.start.iso } == ["-13799999999", "-4539999999", "-65999999", "1969"])
        #expect(t.events.allSatisfy { $0.date.date.precision == .year })
        #expect(t.events[0].date.date.readable == "13,800,000,000 BCE")
        #expect(t.events[0].date.date.compact == "13.8 bn BCE")
        #expect(t.events[2].end?.date.readable == "65,999,000 BCE")
    }

    @Test func badInputIsReportedWithItsPlace() {
        // An event with no start date, a bad year, an impossible day, year 0, an end before its start, a duplicate unique_id.
        let json = #"""
            { "events": [
                { "text": { "headline": "No date" } },
                { "start_date": { "year": "19x8" } },
                { "start_date": { "year": 1999, "month": 2, "day": 30 } },
                { "start_date": { "year": 0 } },
                { "start_date": { "year": 2000 }, "end_date": { "year": 1999 } },
                { "unique_id": "a", "start_date": { "year": 2001 } },
                { "unique_id": "a", "start_date": { "year": 2002 } },
                { "start_date": { "year": -300000 } }
            ] }
            """#
        #expect(problems(json) == [
            "fixtures/story.json:2:5: $.events[0]: an event needs a start_date (only the title slide may go without one)",
            "fixtures/story.json:3:31: $.events[1].start_date.year: \"19x8\" is not a year: write a whole number such as 1978, or -44 for 44 BCE",
            "fixtures/story.json:4:56: $.events[2].start_date.day: February 1999 has 28 days, not 30",
            "fixtures/story.json:5:31: $.events[3].start_date.year: there is no year 0: TimelineJS counts 1 BCE as -1 and 1 CE as 1",
            "fixtures/story.json:6:51: $.events[4].end_date: the end date (1999) is before the start date (2000)",
            "fixtures/story.json:8:20: $.events[6].unique_id: duplicate unique_id \"a\"; it is first used by the event “a”",
            "fixtures/story.json:9:31: $.events[7].start_date.year: year -300,000 is outside TimelineJS's human scale (271,821 BCE to 275,759 CE); a timeline of such years needs \"scale\": \"cosmological\"",
        ])
    }

    @Test func whatIsNotTimelineJSIsSaidSo() {
        #expect(problems(#"{ "slides": [] }"#, format: .timelinejs) == ["fixtures/story.json:1:1: $: not a TimelineJS file: it has no \"events\" list"])
        #expect(problems(SampleTimeline.json, format: .timelinejs).first?.contains("this is a tl timeline (it has a \"format\" field), not a TimelineJS file") == true)
        #expect(problems(#"[1, 2]"#, format: .timelinejs) == ["fixtures/story.json:1:1: $: not a TimelineJS file: expected an object with an \"events\" list, found an array"])
        #expect(problems(#"{ "events": [ { "start_date": { "year": 1 }, "#, format: .timelinejs) == ["fixtures/story.json:1:46: unexpected end of file inside an object; the JSON is truncated"])
        #expect(problems("Date,Title\n2019,Talks\n", name: "x.csv", format: .csv).first?.hasPrefix("fixtures/x.csv:1:1: not a TimelineJS spreadsheet: its first row does not name \"Year\" and \"Headline\"") == true)
    }

    @Test func badSpreadsheetRowsAreReportedWithLineAndColumn() {
        let csv = """
            Year,Month,Day,Time,Headline,Text,Type
            1990,,,,Fine,"a cell
            over two lines",
            19x8,,,,Bad year,,
            1991,13,,,Bad month,,
            1992,1,2,25:00,Bad time,,
            ,,,,No year,,
            1993,,,,Odd type,,chapter
            """
        #expect(problems(csv, name: "s.csv") == [
            "fixtures/s.csv:4:1: Year, column A: \"19x8\" is not a year: write a whole number such as 1978, or -44 for 44 BCE",
            "fixtures/s.csv:5:6: Month, column B: there is no month 13; a month is 1 to 12",
            "fixtures/s.csv:6:10: Time, column D: there is no hour 25; an hour is 0 to 23",
            "fixtures/s.csv:7:1: Year, column A: the Year cell is empty: an event needs a start date",
            "fixtures/s.csv:8:19: Type, column G: type \"chapter\" is not \"title\", \"era\" or blank (an event)",
        ])
        #expect(problems("Year,Headline\n1990,\"Bad\"quote\n", name: "q.csv") == [
            "fixtures/q.csv:2:11: text after the closing quote of a quoted cell; a quote inside a quoted cell is written twice (\"\")",
        ])
        #expect(problems("Year,Headline\n1990,\"never closed\n", name: "q.csv") == ["fixtures/q.csv:2:6: the quoted cell that starts here has no closing quote"])
    }

    @Test func htmlIsReadByAParserNotByPatterns() throws {
        let json = #"""
            { "events": [ { "start_date": { "year": 2000 }, "text": {
                "headline": "<b>Bold <i>and</i></b> &lt;plain&gt; &amp;amp; &#x263A; &unknown;",
                "text": "<p>Unclosed paragraph<p>Next one <a href='https://example.org/x'>https://example.org/x</a><script>alert(1)</script><div>Block\u001b[31m</div>" } } ] }
            """#
        let t = try loaded(json)
        #expect(t.events[0].title == "Bold and <plain> &amp; ☺ &unknown;")
        // A link whose text is its URL needs no footnote; a script is no text; a control
        // character, which HTML cannot hold, is dropped by the parser.
        #expect(t.events[0].summary == "Unclosed paragraph\n\nNext one https://example.org/x\n\nBlock[31m")
    }
}

@Suite("Round trips between tl and TimelineJS")
struct RoundTripTests {
    /// What must survive: id, date with precision (and time, end), title, background.
    static func shape(_ t: Timeline) -> [String] {
        t.events.map { "\($0.id) \($0.start.iso) \($0.start.precisionName) \($0.end?.iso ?? "-") \($0.background) \($0.title)" }
    }

    @Test func tlToTimelineJSToTlKeepsIdsDatesPrecisionAndTitles() throws {
        let bundled = try TimelineLoader.load(.bundled).get()
        let exported = bundled.timelineJSExport().rendered()
        let back = try loaded(exported)
        #expect(Self.shape(back) == Self.shape(bundled))
        #expect(back.title == bundled.title && back.description == bundled.description)
        #expect(back.backgroundLabel == bundled.backgroundLabel)
        // The week-precision events come back as weeks.
        #expect(back.events.contains { $0.date.date.precision == .week })
    }

    /// Everything a TimelineJS file holds that tl keeps.
    static func everything(_ t: Timeline) -> [String] {
        [t.title, t.description ?? "-", "\(t.media.map { [$0.url, $0.caption ?? "", $0.credit ?? "", $0.thumbnail ?? ""] } ?? [])", t.scale.rawValue]
            + t.eras.map { "\($0.name) \($0.start.iso) \($0.end.iso)" }
            + t.events.map { event in
                "\(event.id) \(event.start.iso) \(event.end?.iso ?? "-") \(event.displayDate ?? "-") \(event.title) | \(event.summary) | "
                    + "\(event.group ?? "-") \(event.media.map { [$0.url, $0.caption ?? "", $0.credit ?? "", $0.thumbnail ?? ""] } ?? [])"
            }
    }

    @Test(arguments: [TimelineJSFixtures.json, TimelineJSFixtures.cosmological])
    func timelineJSToTlToTimelineJSKeepsEveryFieldItHolds(_ fixture: String) throws {
        let original = try loaded(fixture)
        let converted = try #require(original.tlFormatExport(convertedFrom: "TimelineJS file story.json")).rendered()
        let asTl = try TimelineLoader.load(.memory(["timeline.json": converted], label: "converted")).get()
        #expect(asTl.convertedFrom == "TimelineJS file story.json")
        #expect(Self.everything(asTl) == Self.everything(original))
        // Unsourced, which is a warning in a converted timeline.
        #expect(asTl.warnings.count == original.events.count)
        let back = try loaded(asTl.timelineJSExport().rendered())
        // What changes: summaries, which the export writes as HTML paragraphs and reads back.
        #expect(Self.everything(back) == Self.everything(original))
    }

    @Test func theSpreadsheetExportReadsBackTheSame() throws {
        let original = try loaded(TimelineJSFixtures.json)
        let csv = try original.spreadsheetExport()
        #expect(csv.hasPrefix("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"))
        let back = try loaded(csv, name: "story.csv")
        // The template has no id column: ids are made from the headlines again.
        func withoutIDs(_ t: Timeline) -> [String] { Self.everything(t).map { $0.split(separator: " ", maxSplits: 1).count > 1 ? String($0) : $0 } }
        #expect(back.events.map(\.title) == original.events.map(\.title))
        #expect(back.events.map { $0.start.iso } == original.events.map { $0.start.iso })
        #expect(back.events.map { $0.end?.iso } == original.events.map { $0.end?.iso })
        #expect(back.events.map(\.summary) == original.events.map(\.summary))
        #expect(back.events.map(\.group) == original.events.map(\.group))
        #expect(back.events.map(\.media) == original.events.map(\.media))
        #expect(back.eras == original.eras && back.title == original.title && back.media == original.media)
    }

    @Test func aConvertedTimelineWithoutConvertedFromMustHaveQuotes() throws {
        let original = try loaded(TimelineJSFixtures.json)
        let converted = try #require(original.tlFormatExport(convertedFrom: "x")).rendered()
            .replacingOccurrences(of: "\"convertedFrom\": \"x\",\n", with: "")
        let result = TimelineLoader.load(.memory(["timeline.json": converted], label: "converted"))
        guard case .failure(let error) = result else { Issue.record("loaded"); return }
        #expect(error.diagnostics.contains { $0.message == "an event needs at least one quote from a source" })
        #expect(error.diagnostics.contains { $0.message == "missing required field \"summary\" (a string)" })
    }
}

@Suite("The tl format's fields for converted timelines")
struct ConvertedFieldTests {
    static func timeline(events: String, top: String = "") -> String {
        #"""
        { "format": "tl-timeline/1", "title": "Converted", "convertedFrom": "TimelineJS file t.json", \#(top)
          "sources": [], "people": [], "measures": [],
          "events": [ \#(events) ] }
        """#
    }

    @Test func theyLoadAndAQuotelessEventIsAWarningWithItsPlace() throws {
        let json = Self.timeline(events: #"""
            { "id": "a", "date": "1902-04-12", "precision": "day", "time": "09:30", "title": "A",
              "end": { "date": "1902-04-13", "precision": "day", "time": "08" }, "displayDate": "Opening day",
              "group": "Bridge", "media": { "url": "https://example.org/a.jpg", "credit": "Archive" } }
            """#, top: #""scale": "human", "media": { "url": "https://example.org/t.jpg" }, "eras": [ { "name": "Iron", "start": { "date": "1902", "precision": "year" }, "end": { "date": "1944-12", "precision": "month" } } ],"#)
        let t = try TimelineLoader.load(.memory(["timeline.json": json], label: "c")).get()
        let event = t.events[0]
        #expect(event.start.iso == "1902-04-12T09:30" && event.end?.iso == "1902-04-13T08" && event.end?.time?.precision == .hour)
        #expect(event.displayDate == "Opening day" && event.group == "Bridge" && event.media?.credit == "Archive" && event.summary == "")
        #expect(t.eras == [Era(name: "Iron", start: Moment(TimelineDate(year: 1902)!), end: Moment(TimelineDate(year: 1944, month: 12)!))])
        #expect(t.media?.url == "https://example.org/t.jpg")
        #expect(t.warnings.map(\.description) == [
            "c/timeline.json:3:15: $.events[0]: warning: event \"a\" has no quotes yet: it is unsourced until it rests on a passage of a source",
        ])
    }

    @Test func theyAreCheckedWithPreciseErrors() {
        let json = Self.timeline(events: #"""
            { "id": "a", "date": "1902-04", "precision": "month", "time": "09:30", "title": "A", "quotes": [] },
            { "id": "b", "date": "1902", "precision": "year", "title": "B", "end": { "date": "1901", "precision": "year" }, "quotes": [] },
            { "id": "c", "date": "1902", "precision": "year", "title": "C", "time": "9.30", "media": { "caption": "x" }, "group": 7, "quotes": [] }
            """#, top: #""scale": "galactic", "eras": [ { "name": "E", "start": { "date": "1950", "precision": "year" }, "end": { "date": "1940", "precision": "year", "tme": "1" } } ],"#)
        #expect(Fixture.diagnostics(json).map(\.description) == [
            "fixture/timeline.json:1:104: $.scale: \"galactic\" is not a valid scale; expected one of \"human\", \"cosmological\"",
            "fixture/timeline.json:1:198: $.eras[0].end: the era ends (1940) before it starts (1950)",
            "fixture/timeline.json:1:237: $.eras[0].end.tme: unknown field \"tme\" (did you mean \"time\"?); allowed fields are date, precision, time",
            "fixture/timeline.json:3:77: $.events[0].time: a time of day needs a date with day precision; this date has month precision",
            "fixture/timeline.json:4:1: $.events[1]: the event ends (1901) before it starts (1902)",
            "fixture/timeline.json:5:73: $.events[2].time: time \"9.30\" is not a 24-hour time: write 14, 14:30 or 14:30:05",
            "fixture/timeline.json:5:90: $.events[2].media: missing required field \"url\" (a string)",
            "fixture/timeline.json:5:119: $.events[2].group: expected a string, found a number",
        ])
    }
}
