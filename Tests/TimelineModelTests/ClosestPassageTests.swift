import Testing
import TimelineModel

/// The passage closest to a quote that is not verbatim, and what differs, kind by kind.
@Suite("Closest passage")
struct ClosestPassageTests {
    static let text = """
        Plus, in a surprise announcement Tuesday,... U.S. Commerce Secretary Wilbur Ross said Washington will issue licenses.
        The leaders didn’t outline a time frame at the Group-of-20 leaders’ summit.
        He said a face-to-face meeting was “on the cards.” The tariff stays.
        The relaunch comes this week... after two months of downtime. The tariff stays, he said again;
        the minister said the tariff stays — for now.
        """

    func closest(_ quote: String, in text: String = ClosestPassageTests.text) -> ClosestPassage? {
        PassageFinder(source: "s", file: "s.txt", text: text).closest(to: quote).first
    }

    func scalars(_ text: String, _ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
    }

    @Test func straightQuotationMarksAgainstCurlyOnes() throws {
        let passage = try #require(closest("a face-to-face meeting was \"on the cards.\""))
        #expect(passage.text == "a face-to-face meeting was “on the cards.”")
        #expect(passage.typographyOnly)
        #expect(passage.distance == 0)
        #expect(passage.differences.map(\.kind) == [.quotationMarks, .quotationMarks])
        #expect(passage.differences.map(\.description) == [
            "the quote has a straight quotation mark (\") where the source has an opening curly quotation mark (“)",
            "the quote has a straight quotation mark (\") where the source has a closing curly quotation mark (”)",
        ])
        #expect(scalars(ClosestPassageTests.text, passage.place.start..<passage.place.end) == passage.text)
        #expect(passage.place.line == 3)
        #expect(passage.place.column == 9)
    }

    @Test func aQuotationMarkTheSourceDoesNotHave() throws {
        let passage = try #require(closest("\"Washington will issue licenses"))
        #expect(passage.text == "Washington will issue licenses")
        #expect(passage.differences.map(\.kind) == [.quotationMarks])
        #expect(passage.differences.first?.sourceText == "")
        #expect(passage.differences.first?.description == "the quote has a straight quotation mark (\") where the source has nothing")
    }

    @Test func apostrophes() throws {
        let passage = try #require(closest("The leaders didn't outline a time frame at the Group-of-20 leaders' summit"))
        #expect(passage.typographyOnly)
        #expect(passage.differences.map(\.kind) == [.apostrophe, .apostrophe])
        #expect(passage.differences.first?.description == "the quote has a straight apostrophe (') where the source has a curly apostrophe (’)")
    }

    @Test func dashes() throws {
        let passage = try #require(closest("the Group–of–20 leaders’ summit"))
        #expect(passage.typographyOnly)
        #expect(passage.differences.map(\.kind) == [.dash, .dash])
        #expect(passage.differences.first?.description == "the quote has an en dash (–) where the source has a hyphen (-)")
        let spaced = try #require(closest("the minister said the tariff stays - for now"))
        #expect(spaced.differences.map(\.kind) == [.dash])
    }

    @Test func whitespaceAndLineBreaks() throws {
        let passage = try #require(closest("the cards.” The tariff stays. The relaunch comes"))
        #expect(passage.typographyOnly)
        #expect(passage.differences.map(\.kind) == [.lineBreak])
        #expect(passage.differences.first?.description == "the quote has a space where the source has a line break")
        let doubled = try #require(closest("The tariff  stays, he said again"))
        #expect(doubled.differences.map(\.kind) == [.whitespace])
        #expect(doubled.differences.first?.description == "the quote has 2 spaces where the source has a space")
    }

    @Test func anEllipsisCharacterOrOneLeftOut() throws {
        let character = try #require(closest("comes this week… after two months"))
        #expect(character.typographyOnly)
        #expect(character.differences.map(\.kind) == [.ellipsis])
        #expect(character.differences.first?.description == "the quote has an ellipsis (…) where the source has three dots (...)")
        let leftOut = try #require(closest("comes this week after two months"))
        #expect(leftOut.differences.map(\.kind) == [.ellipsis])
        #expect(leftOut.text == "comes this week... after two months")
    }

    @Test func aChangedWordIsShownWhole() throws {
        let passage = try #require(closest("the minister said the tariff remains — for now"))
        #expect(!passage.typographyOnly)
        #expect(passage.differences.map(\.kind) == [.wording])
        #expect(passage.differences.first?.description == "the quote has “remains” where the source has “stays”")
        #expect(passage.text == "the minister said the tariff stays — for now")
    }

    @Test func aTypoInTheFirstWord() throws {
        let passage = try #require(closest("Plsu, in a surprise announcement Tuesday"))
        #expect(passage.place.start == 0)
        #expect(passage.differences.map(\.description) == ["the quote has “Plsu” where the source has “Plus”"])
    }

    @Test func aShortQuoteWithACommonFirstWord() throws {
        // "the" starts many passages; the rest of the quote picks the right one.
        let passage = try #require(closest("the tarif stays —"))
        #expect(passage.text == "the tariff stays —")
        #expect(passage.place.line == 5)
        #expect(passage.differences.map(\.description) == ["the quote has “tarif” where the source has “tariff”"])
    }

    @Test func letterCaseAndPunctuation() throws {
        let passage = try #require(closest("plus, in a surprise announcement Tuesday... U.S. Commerce"))
        #expect(passage.differences.map(\.kind) == [.letterCase, .punctuation])
    }

    @Test func nothingCloseIsNothing() {
        #expect(closest("Completely unrelated words about gardening and tomatoes") == nil)
    }

    @Test func severalDifferencesAreSummedUp() throws {
        let passage = try #require(closest("He said a face to face meeting was \"on the cards\". The tarif stays."))
        #expect(passage.summary().hasPrefix("dash: the quote has a space where the source has a hyphen (-); "))
        #expect(passage.summary(limit: 2).hasSuffix("and 3 more differences"))
    }

    @Test func aBookLengthSourceIsSearchedWithinBounds() throws {
        // About a megabyte of varied sentences, the passage near the end.
        var generator = SplitMix64Words(seed: 7)
        var text = ""
        while text.utf8.count < 1_000_000 { text += generator.sentence() + " " }
        let passage = "the delegation agreed to postpone the new tariffs on steel until the autumn"
        text += passage.prefix(1).uppercased() + passage.dropFirst() + ". " + generator.sentence()
        let found = try #require(closest("The delegation agreed to postpone new tarifs on steel until autumn", in: text))
        #expect(found.text.hasPrefix("The delegation agreed to postpone the new tariffs on steel until the autumn"))
        #expect(found.differences.filter { $0.kind == .wording }.count == 3)
    }

    @Test func occurrencesProposeTheShortestSelector() throws {
        let finder = PassageFinder(source: "s", file: "s.txt", text: ClosestPassageTests.text)
        let tariff = finder.occurrences(of: "The tariff stays")
        #expect(tariff.count == 2)
        #expect(tariff.map(\.selector?.field) == ["suffix", "suffix"])
        #expect(tariff.map(\.selector?.text) == [".", ","])
        let stays = finder.occurrences(of: "tariff stays")
        #expect(stays.count == 3)
        #expect(stays[2].prefix == "the ")
        #expect(stays[0].before == "He said a face-to-face meeting was “on the cards.” The ".suffix(40))
        #expect(finder.occurrences(of: "Wilbur Ross").first?.selector == nil)
    }
}

/// Words strung into sentences, seeded, for a long text that does not repeat itself.
struct SplitMix64Words {
    var random: SplitMix64
    init(seed: UInt64) { random = SplitMix64(seed: seed) }
    static let words = ["trade", "talks", "officials", "minister", "council", "said", "would", "agreed", "market", "exports",
                        "harbour", "committee", "announced", "statement", "the", "a", "of", "on", "in", "after", "before",
                        "week", "month", "steel", "grain", "licences", "quota", "delegates", "review", "weather", "river"]
    mutating func sentence() -> String {
        let count = 6 + random.below(14)
        var words = (0..<count).map { _ in SplitMix64Words.words[random.below(SplitMix64Words.words.count)] }
        words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
        return words.joined(separator: " ") + "."
    }
}
