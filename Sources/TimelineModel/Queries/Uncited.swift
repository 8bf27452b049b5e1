// What a source says that the timeline does not use: its text cut into sentences, and the
// stretches of them no cited passage covers. For a writer going through a source for what is
// left to cite, and for the reader's marks.

extension Timeline {
    /// The fewest words a stretch left between cited passages must have to count as uncited:
    /// fewer (", and ", "Lee Seung-jae reports" has three) are the joins between quotes.
    public static let uncitedMinimumWords = 3

    /// The sentences of source `s`'s text, as ranges of Unicode scalars, in order, each trimmed
    /// (`Timeline.sentences(in:)`).
    public func sentences(of s: Int) -> [Range<Int>] { Timeline.sentences(in: sources[s].text) }

    /// The stretches of source `s` that no cited passage covers, sentence by sentence, as
    /// ranges of Unicode scalars in text order: a sentence no passage touches whole, or what a
    /// partly cited sentence leaves, when it holds at least `uncitedMinimumWords` words; each
    /// without the whitespace around it.
    public func uncitedSpans(of s: Int) -> [Range<Int>] {
        let scalars = Array(sources[s].text.unicodeScalars)
        // The cited ranges, merged, in order.
        var cited: [Range<Int>] = []
        for citation in citationsOfSource[s] where citation.quote.end > citation.quote.start {
            let range = citation.quote.start..<citation.quote.end
            if let last = cited.last, range.lowerBound <= last.upperBound {
                cited[cited.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                cited.append(range)
            }
        }
        var spans: [Range<Int>] = []
        var c = 0
        for sentence in Timeline.sentences(in: scalars) {
            var start = sentence.lowerBound
            while c < cited.count, cited[c].upperBound <= sentence.lowerBound { c += 1 }
            var k = c
            while start < sentence.upperBound {
                let end = k < cited.count ? min(max(cited[k].lowerBound, start), sentence.upperBound) : sentence.upperBound
                if let span = Timeline.trimmed(start..<end, scalars), Timeline.words(in: scalars[span]) >= Timeline.uncitedMinimumWords {
                    spans.append(span)
                }
                guard k < cited.count, cited[k].lowerBound < sentence.upperBound else { break }
                start = max(start, cited[k].upperBound)
                k += 1
            }
        }
        return spans
    }

    /// The sentences of `text` as ranges of Unicode scalars: a sentence ends at a line break, or
    /// at `.`, `!`, `?` or `…` (with any closing quotation marks or brackets after it) followed
    /// by a space and a capital, a digit or an opening mark, except after an initial or a
    /// common abbreviation ("U.S.", "Co.", "Mr."). An ellipsis before a small letter ("this
    /// week... after") goes on.
    public static func sentences(in text: String) -> [Range<Int>] { sentences(in: Array(text.unicodeScalars)) }

    static func sentences(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var start = 0
        func close(_ end: Int) {
            if let range = trimmed(start..<end, scalars) { sentences.append(range) }
            start = end
        }
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\n" {
                close(i)
                i += 1
                continue
            }
            guard [".", "!", "?", "…"].contains(scalar) else { i += 1; continue }
            var end = i
            while end < scalars.count, [".", "!", "?", "…"].contains(scalars[end]) { end += 1 }
            let single = end - i == 1 && scalar == "."
            while end < scalars.count, ["”", "’", "\"", "'", ")", "]"].contains(scalars[end]) { end += 1 }
            var next = end
            while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
            let opens = next < scalars.count && next > end
                && (scalars[next].properties.isUppercase || scalars[next].properties.numericType != nil || ["“", "‘", "\"", "'", "(", "["].contains(scalars[next]))
            if opens, !(single && isAbbreviation(before: i, scalars)) { close(end) }
            i = end
        }
        close(scalars.count)
        return sentences
    }

    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "st", "co", "corp", "inc", "ltd", "jr", "sr", "vs", "no", "gen", "gov", "sen", "rep", "prof"]

    /// Whether the word ending right before the full stop at `dot` is an initial ("U.S",
    /// "J") or an abbreviation.
    static func isAbbreviation(before dot: Int, _ scalars: [Unicode.Scalar]) -> Bool {
        var start = dot
        while start > 0, Typography.isWordCharacter(scalars[start - 1]) || scalars[start - 1] == "." { start -= 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<dot]))
        guard let last = word.split(separator: ".").last else { return false }
        // "U.S", "J", and "ChinaU.S" too (a caption run into the text): an initial before the dot.
        return last.count == 1 || abbreviations.contains(word.lowercased())
    }

    /// `range` without the whitespace at its ends, nor the commas, colons and dashes that
    /// join it to a cited passage before it; nil when nothing is left.
    static func trimmed(_ range: Range<Int>, _ scalars: [Unicode.Scalar]) -> Range<Int>? {
        var (low, high) = (range.lowerBound, range.upperBound)
        while low < high, scalars[low].properties.isWhitespace || [",", ";", ":", "—", "–"].contains(scalars[low]) { low += 1 }
        while high > low, scalars[high - 1].properties.isWhitespace { high -= 1 }
        return low < high ? low..<high : nil
    }

    /// The number of words in `scalars`: runs of letters and digits.
    static func words(in scalars: ArraySlice<Unicode.Scalar>) -> Int {
        var count = 0
        var inWord = false
        for scalar in scalars {
            let word = Typography.isWordCharacter(scalar)
            if word && !inWord { count += 1 }
            inWord = word
        }
        return count
    }
}
