import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array {
    /// Whether `body` succeeds for every element, which it may change; stops at the first failure.
    mutating func allSucceed(_ body: (inout Element) -> Bool) -> Bool {
        for i in indices where !body(&self[i]) { return false }
        return true
    }
}

/// Runs `body` on the indexes `0..<count` cut into as many contiguous parts as there are cores
/// (each part at least `minimumPart` long), all at once, and returns each part's result in
/// order. `body` only reads what it shares; each part hands its result back through a `Mutex`.
func inParallelParts<Result: Sendable>(count: Int, minimumPart: Int = 1024, _ body: @Sendable (Range<Int>) -> Result) -> [Result] {
    let parts = max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), count / minimumPart))
    guard parts > 1 else { return [body(0..<count)] }
    let results = Mutex([Result?](repeating: nil, count: parts))
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let result = body((count * part / parts)..<(count * (part + 1) / parts))
        results.withLock { $0[part] = result }
    }
    return results.withLock { $0.map { $0! } }
}
