/// One of a timeline's lists (its events, measures, sources, and the indexes over them): held
/// in memory, or read from a `TimelineStorage` one element at a time, so that a timeline kept in
/// a store is browsed without ever being read whole. Code that reads a timeline does not tell
/// the two apart.
public struct TimelineList<Element: Sendable>: RandomAccessCollection, Sendable {
    private enum Backing: Sendable {
        case memory([Element])
        case stored(count: Int, element: @Sendable (Int) -> Element)
    }

    private let backing: Backing

    /// The elements of an array.
    public init(_ elements: [Element]) { backing = .memory(elements) }

    /// `count` elements, each read by `element` when it is asked for.
    public init(count: Int, element: @escaping @Sendable (Int) -> Element) {
        backing = .stored(count: count, element: element)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch backing {
        case .memory(let elements): elements.count
        case .stored(let count, _): count
        }
    }

    public subscript(position: Int) -> Element {
        switch backing {
        case .memory(let elements): elements[position]
        case .stored(_, let element): element(position)
        }
    }
}

/// Id → position lookups (`Timeline.eventIndex` and the like): a dictionary in memory, a query
/// on a store.
public struct IDLookup: Sendable {
    private enum Backing: Sendable {
        case memory([String: Int])
        case stored(@Sendable (String) -> Int?)
    }

    private let backing: Backing

    /// Looks ids up in a dictionary.
    public init(_ positions: [String: Int]) { backing = .memory(positions) }
    /// Looks ids up with `position`.
    public init(_ position: @escaping @Sendable (String) -> Int?) { backing = .stored(position) }

    /// The position of the item with this id.
    public subscript(id: String) -> Int? {
        switch backing {
        case .memory(let positions): positions[id]
        case .stored(let position): position(id)
        }
    }
}

/// A list is written as an array, and read back into memory.
extension TimelineList: Codable where Element: Codable {
    public init(from decoder: any Decoder) throws { self.init(try [Element](from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try Array(self).encode(to: encoder) }
}
