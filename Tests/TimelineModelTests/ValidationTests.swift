import Foundation
import Testing
import TimelineModel

@Suite("Validation: every problem named with its place")
struct ValidationTests {
    @Test func fixtureIsValid() throws {
        let timeline = try Fixture.load().get()
        #expect(timeline.events.map(\.id) == ["began", "said"])
    }

    @Test func malformedJSONNamesLineAndColumn() {
        let json = Fixture.replacing("\"title\": \"Test timeline\",", with: "\"title\": \"Test timeline\" oops,")
        let d = Fixture.diagnostics(json)
        #expect(d.count == 1)
        #expect(d.first?.file == "fixture/timeline.json")
        #expect(d.first?.line == 3)
        #expect(d.first?.column == 28)
        #expect(d.first?.message.contains("expected ',' or '}'") == true)
    }

    @Test func truncatedFileSaysSo() {
        let d = Fixture.diagnostics(String(Fixture.timeline.prefix(200)))
        #expect(d.count == 1)
        #expect(d.first?.message.contains("truncated") == true)
    }

    @Test func emptyFile() {
        #expect(Fixture.diagnostics("").first?.message.contains("empty") == true)
    }

    @Test func invalidUTF8InTimelineFile() {
        let bytes = Array("{\"title\": \"ab".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        let files = TimelineFiles(mainFile: "t.json", displayPath: { $0 }) { _ in .success(FileBytes(bytes)) }
        guard case .failure(let error) = TimelineLoader.load(files) else { Issue.record("loaded"); return }
        #expect(error.diagnostics.first?.message == "invalid UTF-8 in a string")
        #expect(error.diagnostics.first?.line == 1)
        #expect(error.diagnostics.first?.column == 14)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let d = Fixture.diagnostics(json)
        #expect(d.first?.message.contains("nested more than") == true)
    }

    @Test func missingFieldNamesTheObject() {
        let json = Fixture.replacing("\"title\": \"Talks begin\", ", with: "")
        let d = Fixture.diagnostics(json)
        #expect(d.count == 1)
        #expect(d.first?.path == "$.events[1]")
        #expect(d.first?.message == "missing required field \"title\" (a string)")
        #expect(d.first?.line == 24)
    }

    @Test func mistypedField() {
        let json = Fixture.replacing("\"background\": true", with: "\"background\": \"yes\"")
        let d = Fixture.diagnostics(json)
        #expect(d.map(\.message) == ["expected true or false, found a string"])
        #expect(d.first?.path == "$.events[1].background")
    }

    @Test func numberWhereStringBelongs() {
        let json = Fixture.replacing("\"outlet\": \"Wire\"", with: "\"outlet\": 42")
        let d = Fixture.diagnostics(json)
        #expect(d.first?.message == "expected a string, found a number")
        #expect(d.first?.path == "$.sources[0].outlet")
    }

    @Test func unknownFieldIsRejectedWithASuggestion() {
        let json = Fixture.replacing("\"summary\": \"Talks began", with: "\"sumary\": \"x\", \"summary\": \"Talks began")
        let d = Fixture.diagnostics(json)
        #expect(d.count == 1)
        #expect(d.first?.path == "$.events[1].sumary")
        #expect(d.first?.message.hasPrefix("unknown field \"sumary\" (did you mean \"summary\"?)") == true)
    }

    @Test func unknownPersonAndEventAndSource() {
        var json = Fixture.replacing("{ \"person\": \"amb\"", with: "{ \"person\": \"nobody\"")
        json = json.replacingOccurrences(of: "\"event\": \"said\"", with: "\"event\": \"never\"")
        json = json.replacingOccurrences(of: "{ \"source\": \"wire\", \"text\": \"Last week talks began.\" }", with: "{ \"source\": \"blog\", \"text\": \"x\" }")
        let messages = Fixture.diagnostics(json).map(\.message)
        #expect(messages.contains("unknown person \"nobody\""), "no person id is near enough to suggest one")
        #expect(messages.contains("unknown event \"never\""))
        #expect(messages.contains("unknown source \"blog\"; known sources are \"wire\""))
    }

    @Test func duplicateIDPointsAtTheFirst() {
        let json = Fixture.replacing("\"id\": \"began\"", with: "\"id\": \"said\"")
        let d = Fixture.diagnostics(json)
        #expect(d.count == 1)
        #expect(d.first?.path == "$.events[1]")
        #expect(d.first?.message == "duplicate event id \"said\"; it is first used at $.events[0] (line 19)")
    }

    @Test func quoteNotVerbatimSaysWhereItDiverges() {
        let json = Fixture.replacing("\"On Tuesday the minister said the tariff stays.\"", with: "\"On Tuesday the minister said the tariff remains.\"")
        let d = Fixture.diagnostics(json)
        #expect(d.count == 1)
        #expect(d.first?.path == "$.events[0].quotes[0].text")
        #expect(d.first?.message == "the quote is not verbatim in source \"wire\"; the closest passage is at line 1, column 1 (offsets 0–46): "
                + "wording: the quote has “remains” where the source has “stays”")
        #expect(d.first?.closestPassage?.text == "On Tuesday the minister said the tariff stays.")
        #expect(d.first?.closestPassage?.place == SourcePlace(source: "wire", file: "fixture/wire.txt", line: 1, column: 1, start: 0, end: 46))
    }

    @Test func repeatedQuoteNeedsPrefixOrSuffix() {
        let ambiguous = Fixture.replacing("\"text\": \"the tariff stays\" }", with: "\"text\": \"tariff stays\" }")
        let d = Fixture.diagnostics(ambiguous)
        #expect(d.first?.message == "the quote occurs 2 times in source \"wire\" (line 1, column 34; line 1, column 52); add a \"prefix\" or "
                + "\"suffix\" to pick one: \"suffix\": \".\" for line 1, column 34; \"suffix\": \",\" for line 1, column 52")
        #expect(d.first?.occurrences.map(\.start) == [33, 51])
        let pinned = Fixture.replacing("\"text\": \"the tariff stays\" }", with: "\"text\": \"tariff stays\", \"prefix\": \"The \" }")
        let timeline = try? Fixture.load(pinned).get()
        let quote = timeline?.measures.first?.changes.first?.quote
        #expect(quote?.start == 51)
        #expect(quote?.end == 63)
    }

    @Test func impossibleDates() {
        let feb30 = Fixture.replacing("\"date\": \"2019-07-09\"", with: "\"date\": \"2019-02-30\"")
        #expect(Fixture.diagnostics(feb30).first?.message == "impossible date \"2019-02-30\": February 2019 has 28 days, not 30")
        let month13 = Fixture.replacing("\"date\": \"2019-07-09\", \"precision\": \"day\"", with: "\"date\": \"2019-13\", \"precision\": \"month\"")
        #expect(Fixture.diagnostics(month13).first?.message == "impossible date \"2019-13\": there is no month 13")
        let garbage = Fixture.replacing("\"date\": \"2019-07-09\"", with: "\"date\": \"9 July\"")
        #expect(Fixture.diagnostics(garbage).first?.message.hasPrefix("\"9 July\" is not a date") == true)
    }

    @Test func precisionMustFitTheDate() {
        let json = Fixture.replacing("\"date\": \"2019-W27\", \"precision\": \"week\"", with: "\"date\": \"2019-07-01\", \"precision\": \"week\"")
        let d = Fixture.diagnostics(json)
        #expect(d.first?.path == "$.events[1].precision")
        #expect(d.first?.message == "precision \"week\" does not fit the date \"2019-07-01\", which is written with day precision")
    }

    @Test func relativeDateMustResolveToTheDateGiven() {
        let json = Fixture.replacing("\"date\": \"2019-07-09\"", with: "\"date\": \"2019-07-08\"")
        let d = Fixture.diagnostics(json)
        #expect(d.first?.path == "$.events[0].derivedFrom")
        #expect(d.first?.message == "“Tuesday” resolved against 2019-07-10 is 2019-07-09, not 2019-07-08")
    }

    @Test func missingSourceFile() {
        let d = Fixture.diagnostics(Fixture.timeline, source: nil)
        #expect(d.first?.message == "source file fixture/wire.txt file not found")
        #expect(d.first?.path == "$.sources[0].file")
    }

    @Test func invalidUTF8InSourceFileNamesThatFile() {
        let files = TimelineFiles(mainFile: "timeline.json", displayPath: { "d/\($0)" }) { path in
            path == "timeline.json" ? .success(FileBytes(Array(Fixture.timeline.utf8))) : .success(FileBytes(Array("ok\nb".utf8) + [0xFF]))
        }
        guard case .failure(let error) = TimelineLoader.load(files) else { Issue.record("loaded"); return }
        let d = error.diagnostics.first { $0.file == "d/wire.txt" }
        #expect(d?.message == "invalid UTF-8 in source text")
        #expect(d?.line == 2)
        #expect(d?.column == 2)
    }

    @Test func noEvents() {
        let start = Fixture.timeline.range(of: "\"events\": [")!
        let json = String(Fixture.timeline[..<start.upperBound]) + "] }"
        #expect(Fixture.diagnostics(json).contains { $0.message == "the timeline has no events; add at least one" })
    }

    @Test func eventWithoutQuotes() {
        let json = Fixture.replacing("\"quotes\": [ { \"source\": \"wire\", \"text\": \"Last week talks began.\" } ]", with: "\"quotes\": []")
        #expect(Fixture.diagnostics(json).map(\.message) == ["an event needs at least one quote from a source"])
    }

    @Test func everyProblemIsListedNotJustTheFirst() {
        var json = Fixture.replacing("\"outlet\": \"Wire\"", with: "\"outlet\": 1")
        json = json.replacingOccurrences(of: "\"2019-07-09\"", with: "\"2019-02-31\"")
        json = json.replacingOccurrences(of: "\"status\": \"kept\"", with: "\"status\": \"kaput\"")
        let d = Fixture.diagnostics(json)
        #expect(d.count >= 3)
        #expect(d.contains { $0.message.hasPrefix("\"kaput\" is not a valid status; expected one of \"threatened\"") })
        #expect(d.allSatisfy { $0.line != nil && $0.path != nil })
    }

    @Test func diagnosticReadsLikeACompilerError() {
        let d = Diagnostic(file: "data/timeline.json", line: 12, column: 5, path: "$.events[3].date", message: "impossible date")
        #expect(d.description == "data/timeline.json:12:5: $.events[3].date: impossible date")
    }

    @Test func byteOrderMarkIsRejected() {
        let d = Fixture.diagnostics("\u{FEFF}" + Fixture.timeline)
        #expect(d.first?.message.contains("byte-order mark") == true)
        #expect(d.first?.line == 1 && d.first?.column == 1)
    }

    @Test func controlCharactersInMessagesAreNeutralised() {
        let json = Fixture.replacing("{ \"person\": \"amb\"", with: "{ \"person\": \"x\\u001b]0;pwned\\u0007\"")
        let d = Fixture.diagnostics(json)
        #expect(d.first?.message == "unknown person \"x^[]0;pwned^G\"")
    }
}
