import Testing
import TestSupport
import TimelineModel

/// Messages that say how to fix what they report.
@Suite("Messages that say how to fix")
struct MessageTests {
    @Test func aTrailingCommaIsNamedWithItsPath() throws {
        let inObject = Fixture.replacing("\"file\": \"wire.txt\" }", with: "\"file\": \"wire.txt\", }")
        let d = try #require(Fixture.diagnostics(inObject).first)
        #expect(d.message == "trailing comma after the last field: JSON allows no comma before '}'; remove it")
        #expect(d.path == "$.sources[0]")
        #expect(d.line == 6 && d.column == 84, "\(d)")
        let inArray = Fixture.replacing("\"shortNames\": [\"Minister\"]", with: "\"shortNames\": [\"Minister\",\n ]")
        let e = try #require(Fixture.diagnostics(inArray).first)
        #expect(e.message == "trailing comma after the last element: JSON allows no comma before ']'; remove it")
        #expect(e.path == "$.people[0].shortNames")
        #expect(e.line == 9)
    }

    @Test func otherBrokenJSONHasAPathToo() throws {
        let json = Fixture.replacing("\"title\": \"Talks begin\",", with: "\"title\": \"Talks begin\" \"x\",")
        let d = try #require(Fixture.diagnostics(json).first)
        #expect(d.message == "unexpected '\"'; expected ',' or '}'")
        #expect(d.path == "$.events[1]")
    }

    @Test func unknownIdsSuggestTheNearest() {
        var json = Fixture.replacing("{ \"person\": \"amb\"", with: "{ \"person\": \"ambb\"")
        json = json.replacingOccurrences(of: "\"event\": \"said\"", with: "\"event\": \"sayd\"")
        json = json.replacingOccurrences(of: "{ \"source\": \"wire\", \"text\": \"Last week talks began.\" }", with: "{ \"source\": \"wirre\", \"text\": \"x\" }")
        let messages = Fixture.diagnostics(json).map(\.message)
        #expect(messages.contains("unknown person \"ambb\" (did you mean \"amb\"?)"))
        #expect(messages.contains("unknown event \"sayd\" (did you mean \"said\"?)"))
        #expect(messages.contains("unknown source \"wirre\" (did you mean \"wire\"?); known sources are \"wire\""))
    }

    @Test func mistypedKindAndStatusSuggestTheNearest() {
        var json = Fixture.replacing("\"kind\": \"tariff\"", with: "\"kind\": \"tarrif\"")
        json = json.replacingOccurrences(of: "\"status\": \"kept\"", with: "\"status\": \"kep\"")
        let messages = Fixture.diagnostics(json).map(\.message)
        #expect(messages.contains { $0.hasPrefix("\"tarrif\" is not a valid kind (did you mean \"tariff\"?); expected one of \"tariff\", ") })
        #expect(messages.contains { $0.hasPrefix("\"kep\" is not a valid status (did you mean \"kept\"?); expected one of ") })
        #expect(messages.allSatisfy { $0.hasSuffix("or one the timeline declares in \"measureKinds\"") || $0.hasSuffix("in \"measureStatuses\"") })
    }

    @Test func aTimelineDeclaresItsOwnKindsAndStatuses() throws {
        var json = Fixture.replacing("\"format\": \"tl-timeline/1\",", with: "\"format\": \"tl-timeline/1\", \"measureKinds\": [\"rent cap\"], \"measureStatuses\": [\"passed\", \"signed\"],")
        json = json.replacingOccurrences(of: "\"kind\": \"tariff\"", with: "\"kind\": \"rent cap\"")
        json = json.replacingOccurrences(of: "\"status\": \"kept\"", with: "\"status\": \"passed\"")
        let timeline = try Fixture.load(json).get()
        #expect(timeline.measures[0].kind.rawValue == "rent cap")
        #expect(timeline.measures[0].changes[0].status == MeasureStatus(rawValue: "passed"))
        #expect(timeline.measureStatuses.suffix(2).map(\.rawValue) == ["passed", "signed"])
        #expect(timeline.measureKinds.first == .tariff)
        // Still a typo outside both lists.
        let typo = json.replacingOccurrences(of: "\"status\": \"passed\"", with: "\"status\": \"passd\"")
        #expect(Fixture.diagnostics(typo).map(\.message).last?.hasPrefix("\"passd\" is not a valid status (did you mean \"passed\"?)") == true)
    }

    @Test func declaringABuiltInWordIsAWarning() throws {
        let json = Fixture.replacing("\"format\": \"tl-timeline/1\",", with: "\"format\": \"tl-timeline/1\", \"measureKinds\": [\"tariff\"],")
        #expect(try Fixture.load(json).get().warnings.map(\.message) == ["\"tariff\" is a built-in kind; it need not be declared"])
    }

    @Test func aPersonNeedNotHaveACountry() throws {
        let json = Fixture.replacing("\"name\": \"Ana Minister\", \"shortNames\": [\"Minister\"], \"country\": \"Utopia\",", with: "\"name\": \"Ana Minister\",")
        #expect(try Fixture.load(json).get().person("min")?.country == nil)
    }

    @Test func quotesThatBeginOrEndWithAQuotationMarkAreNotDoubled() {
        #expect(Wording.quoted("the tariff stays") == "“the tariff stays”")
        #expect(Wording.quoted("“If this passes…” he said.") == "‘“If this passes…” he said.’")
        #expect(Wording.quoted("was \"on the cards.\"") == "‘was \"on the cards.\"’")
        #expect(Wording.quoted("‘Tis “so”") == "‹‘Tis “so”›")
    }

    @Test func aQuoteAcrossAParagraphBreakIsShownWithCarets() throws {
        let json = Fixture.replacing("\"text\": \"Last week talks began.\" }", with: "\"text\": \"he said again.\\n\\nLast week\" }")
        let d = try #require(Fixture.diagnostics(json).first)
        #expect(d.message.contains("the quote has a paragraph break where the source has a line break"))
    }
}
