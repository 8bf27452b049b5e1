import Testing
import TimelineModel

@Suite("Terminal text: sanitising and width")
struct TerminalTextTests {
    @Test func controlsBecomeVisible() {
        #expect(TerminalText.sanitize("a\u{1B}]0;title\u{7}b") == "a^[]0;title^Gb")
        #expect(TerminalText.sanitize("x\ry") == "x^My")
        #expect(TerminalText.sanitize("del\u{7F}") == "del^?")
        #expect(TerminalText.sanitize("c1\u{9B}31m") == "c1<U+009B>31m")
        #expect(TerminalText.sanitize("rtl\u{202E}evil\u{2066}") == "rtl<U+202E>evil<U+2066>")
        #expect(TerminalText.sanitize("tab\there") == "tab here")
        #expect(TerminalText.sanitize("line\nbreak") == "line^Jbreak")
        #expect(TerminalText.sanitize("keep\r\nlines", multiline: true) == "keep\nlines")
    }

    @Test func safeTextIsUntouched() {
        let text = "US, China’s “good-faith” move — 习近平 👍🏽 e\u{301}"
        #expect(TerminalText.sanitize(text) == text)
    }

    @Test func widthsInCells() {
        #expect(TerminalText.displayWidth("abc") == 3)
        #expect(TerminalText.displayWidth("“quote” — dash") == 14)
        #expect(TerminalText.displayWidth("习近平") == 6)
        #expect(TerminalText.displayWidth("👍🏽") == 2)
        #expect(TerminalText.displayWidth("🇰🇷") == 2)
        #expect(TerminalText.displayWidth("e\u{301}") == 1)
        #expect(TerminalText.displayWidth("ｆｕｌｌ") == 8)
        #expect(TerminalText.displayWidth("한국") == 4)
    }

    @Test func truncateAndPadCountCells() {
        #expect(TerminalText.truncate("习近平主席", to: 5) == "习近…")
        #expect(TerminalText.pad("习", to: 4) == "习  ")
        #expect(TerminalText.displayWidth(TerminalText.pad("习近平主席", to: 6)) == 6)
    }

    @Test func wrapNeverExceedsWidth() {
        let text = "President Donald Trump and Chinese leader 习近平 agreed to a tentative pause in their almost yearlong trade war"
        for width in [1, 2, 5, 13, 40] {
            let lines = TerminalText.wrap(text, width: width)
            #expect(lines.allSatisfy { TerminalText.displayWidth($0) <= width }, "width \(width)")
        }
    }
}

@Suite("Dates with precision")
struct DateTests {
    @Test func parsesEachPrecision() throws {
        #expect(try TimelineDate.parse("2019-07-09").get().precision == .day)
        #expect(try TimelineDate.parse("2019-W27").get().readable == "week 27 of 2019 (1–7 Jul)")
        #expect(try TimelineDate.parse("2019-05").get().readable == "May 2019")
        #expect(try TimelineDate.parse("2018").get().precision == .year)
        #expect(try TimelineDate.parse("2019-06-29").get().readable == "Sat 29 Jun 2019")
    }

    @Test func rejectsImpossibleAndMalformed() {
        #expect(TimelineDate.parse("2019-02-29") == .failure(.impossible("February 2019 has 28 days, not 29")))
        #expect((try? TimelineDate.parse("2020-02-29").get()) != nil)
        #expect(TimelineDate.parse("2019-W53") == .failure(.impossible("2019 has no ISO week 53; it has 52")))
        #expect(TimelineDate.parse("19-07-09") == .failure(.malformed))
        #expect(TimelineDate.parse("2019-7-9") == .failure(.malformed))
    }

    @Test func resolvesRelativePhrasesAgainstTheAnchor() throws {
        let week28 = try TimelineDate.parse("2019-W28").get()
        let july10 = try TimelineDate.parse("2019-07-10").get()
        #expect(RelativeDate.resolve("Tuesday", against: week28)?.iso == "2019-07-09")
        #expect(RelativeDate.resolve("Tuesday", against: july10)?.iso == "2019-07-09")
        #expect(RelativeDate.resolve("last week", against: july10)?.iso == "2019-W27")
        #expect(RelativeDate.resolve("last month", against: week28)?.iso == "2019-06")
        #expect(RelativeDate.resolve("In May", against: week28)?.iso == "2019-05")
        #expect(RelativeDate.resolve("yesterday", against: july10)?.iso == "2019-07-09")
        #expect(RelativeDate.resolve("almost yearlong", against: july10) == nil)
    }
}

@Suite("Passages cut by scalar offsets")
struct ScalarOffsetsTests {
    /// A passage cut between the scalars of one character (an accent after its letter, a flag's
    /// two halves) is those scalars exactly, as quotes count them.
    @Test func everyPassageIsItsScalars() {
        let text = "Cafe\u{301} — 🇺🇸 and 🇨🇳 agree; naïve “quotes”\r\nend"
        let scalars = Array(text.unicodeScalars)
        let offsets = ScalarOffsets(text)
        #expect(offsets.count == scalars.count)
        for start in 0...scalars.count {
            for end in start...scalars.count {
                #expect(Array(offsets[start..<end].unicodeScalars) == Array(scalars[start..<end]), "\(start)..<\(end)")
            }
        }
        #expect(offsets[3..<5] == "e\u{301}" && offsets[4..<5] == "\u{301}")
    }
}
