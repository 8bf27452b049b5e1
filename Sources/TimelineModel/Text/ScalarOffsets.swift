/// A text cut by Unicode scalar offsets, as quotes are placed in their sources. Each scalar's
/// index is found once, so a passage is one copy of its UTF-8; `String.UnicodeScalarView` built
/// from an array of scalars, a scalar at a time, was two thirds of `tl check` on a store.
public struct ScalarOffsets: Sendable {
    private let text: String
    /// Where each scalar starts, then the end of the text.
    private let indices: [String.Index]

    public init(_ text: String) {
        self.text = text
        var indices = Array(text.unicodeScalars.indices)
        indices.append(text.unicodeScalars.endIndex)
        self.indices = indices
    }

    /// How many scalars the text has.
    public var count: Int { indices.count - 1 }

    /// The text of scalars `range` (within `0...count`).
    public subscript(range: Range<Int>) -> String {
        String(Substring(text.unicodeScalars[indices[range.lowerBound]..<indices[range.upperBound]]))
    }
}
