#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding a byte string in contiguous memory, the one search both the loader (a quote in its
/// source text) and the search index (a query in every event's text) use: memchr finds each
/// candidate first byte at memory speed and memcmp checks the rest (memmem, which would do the
/// same, is a GNU extension Swift cannot see).
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`; an
    /// empty needle occurs at `start`.
    static func first(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let firstByte = needle.first else { return start <= haystack.count ? start : nil }
        guard let base = haystack.baseAddress, let pin = needle.baseAddress else { return nil }
        let last = haystack.count - needle.count
        var from = max(0, start)
        while from <= last, let hit = memchr(base + from, Int32(firstByte), last - from + 1) {
            let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + offset, pin, needle.count) == 0 { return offset }
            from = offset + 1
        }
        return nil
    }

    /// The start offset of every occurrence of `needle` in `haystack` (overlapping ones too),
    /// up to `limit` of them; an empty needle occurs once, at 0.
    static func all(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> [Int] {
        guard !needle.isEmpty else { return [0] }
        var result: [Int] = []
        var from = 0
        while result.count < limit, let offset = first(needle, in: haystack, from: from) {
            result.append(offset)
            from = offset + 1
        }
        return result
    }
}
