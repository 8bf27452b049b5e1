// Finding a quote in its source: where it is (in Unicode scalars), or why it is not there once.

/// A source's text prepared for locating quotes (a class: a quote lookup then costs one retain).
final class SourceText: Sendable {
    let id: String
    /// The text itself, searched through its UTF-8 view (the model keeps the same storage).
    let text: String
    let isASCII: Bool
    let publication: TimelineDate?

    init(id: String, text: String, publication: TimelineDate?) {
        self.id = id
        self.text = text
        self.isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        self.publication = publication
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}

/// Where a quote is in its source, or why it cannot be placed.
enum QuoteSearch {
    /// Its offsets, in Unicode scalars.
    case found(start: Int, end: Int)
    case absent
    /// In the source, but never between the given prefix and suffix; the lines it is on.
    case neverInContext(lines: String)
    case ambiguous(count: Int, lines: String)
}

/// Where `quote` (its text, between its prefix and suffix if given) is in `source`: once, or why not.
func findQuote(_ quote: Quote, in source: SourceText) -> QuoteSearch {
    let before = quote.prefix.map { Array($0.utf8) } ?? []
    let after = quote.suffix.map { Array($0.utf8) } ?? []
    var text = quote.text
    return source.withBytes { haystack in
        text.withUTF8 { needle -> QuoteSearch in
            let all = ByteSearch.all(needle, in: haystack)
            let chosen = before.isEmpty && after.isEmpty ? all : all.filter { start in
                start >= before.count && haystack[(start - before.count)..<start].elementsEqual(before)
                    && start + needle.count + after.count <= haystack.count
                    && haystack[(start + needle.count)..<(start + needle.count + after.count)].elementsEqual(after)
            }
            guard chosen.count == 1 else {
                if all.isEmpty { return .absent }
                let places = JSONLocator.places(of: all, in: haystack, paths: false)
                let lines = all.map { String(places[$0]!.line) }.joined(separator: ", ")
                return chosen.isEmpty ? .neverInContext(lines: lines) : .ambiguous(count: chosen.count, lines: lines)
            }
            // Offsets count Unicode scalars; in an ASCII source, bytes are scalars.
            let start = source.isASCII ? chosen[0] : scalarCount(haystack, upTo: chosen[0])
            let length = source.isASCII ? needle.count : quote.text.unicodeScalars.count
            return .found(start: start, end: start + length)
        }
    }
}

/// For a quote that is not in its source: how far it matches the source, so the user can find the typo.
func notFoundMessage(_ needle: [UInt8], in source: SourceText) -> String {
    let haystack = Array(source.text.utf8)
    var low = 0
    var high = needle.count
    var found = 0
    while low <= high {
        let mid = (low + high) / 2
        let hit = needle[..<mid].withContiguousStorageIfAvailable { prefix in
            haystack.withUnsafeBufferPointer { ByteSearch.first(prefix, in: $0) }
        } ?? nil
        if let hit {
            found = hit; low = mid + 1
        } else {
            high = mid - 1
        }
    }
    let matched = String(decoding: needle[..<high], as: UTF8.self)
    guard matched.count >= 8 else { return "the quote is not verbatim in source \"\(source.id)\"" }
    let line = lineAndColumn(of: found, in: haystack).line
    let sourceNext = String(decoding: haystack[(found + high)..<min(haystack.count, found + high + 24)], as: UTF8.self)
    let quoteNext = String(decoding: needle[high..<min(needle.count, high + 24)], as: UTF8.self)
    return "the quote is not verbatim in source \"\(source.id)\": it matches line \(line) up to \"…\(TerminalText.sanitize(String(matched.suffix(20))))\", "
        + "then the quote has \"\(TerminalText.sanitize(quoteNext))…\" where the source has \"\(TerminalText.sanitize(sourceNext))…\""
}

/// The number of Unicode scalars in the first `offset` bytes of `utf8`.
func scalarCount(_ utf8: UnsafeBufferPointer<UInt8>, upTo offset: Int) -> Int {
    var count = 0
    for i in 0..<offset where utf8[i] & 0xC0 != 0x80 { count += 1 }
    return count
}
