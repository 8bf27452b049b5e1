// Finding a quote in its source: where it is (in Unicode scalars), or why it is not there once.

/// A source's text prepared for locating quotes (a class: a quote lookup then costs one retain).
final class SourceText: Sendable {
    let id: String
    /// The text file, as the user named it.
    let file: String
    /// The text itself, searched through its UTF-8 view (the model keeps the same storage).
    let text: String
    let isASCII: Bool
    let publication: TimelineDate?

    init(id: String, file: String, text: String, publication: TimelineDate?) {
        self.id = id
        self.file = file
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
    /// In the source, but never between the given prefix and suffix.
    case neverInContext
    /// Found this many times between the given prefix and suffix (or anywhere, without them).
    case ambiguous(count: Int)
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
                return chosen.isEmpty ? .neverInContext : .ambiguous(count: chosen.count)
            }
            // Offsets count Unicode scalars; in an ASCII source, bytes are scalars.
            let start = source.isASCII ? chosen[0] : scalarCount(haystack, upTo: chosen[0])
            let length = source.isASCII ? needle.count : quote.text.unicodeScalars.count
            return .found(start: start, end: start + length)
        }
    }
}

/// The number of Unicode scalars in the first `offset` bytes of `utf8`.
func scalarCount(_ utf8: UnsafeBufferPointer<UInt8>, upTo offset: Int) -> Int {
    var count = 0
    for i in 0..<offset where utf8[i] & 0xC0 != 0x80 { count += 1 }
    return count
}

/// A source's text, prepared for finding quotes in it as a load does (a store's build finds
/// them a source at a time).
public struct SourcePassages: Sendable {
    private let source: SourceText

    /// The text of the source `id`.
    public init(id: String, text: String) { source = SourceText(id: id, file: "", text: text, publication: nil) }

    /// Where `quote` is in the text (offsets in Unicode scalars) when it is there once, between
    /// its prefix and suffix if it has them; nil otherwise.
    public func place(_ quote: Quote) -> (start: Int, end: Int)? {
        guard case .found(let start, let end) = findQuote(quote, in: source) else { return nil }
        return (start, end)
    }
}

extension TimelineFiles {
    /// A source file's text as a load reads it (line endings normalised); nil when it cannot be
    /// read as UTF-8 text.
    public func readableSourceText(_ file: String) -> String? { try? sourceText(file).get() }
}
