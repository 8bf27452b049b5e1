import Dispatch
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

    /// The same, with the array cut in as many parts as there are cores, run at once.
    mutating func inParallel(_ body: @Sendable (inout Element) -> Bool) -> Bool {
        let parts = Swift.max(1, Swift.min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), count / 1024))
        guard parts > 1 else { return allSucceed(body) }
        let count = self.count
        var succeeded = [Bool](repeating: true, count: parts)
        withUnsafeMutableBufferPointer { elements in
            succeeded.withUnsafeMutableBufferPointer { succeeded in
                // Each part changes only its own elements and its own flag.
                nonisolated(unsafe) let elements = elements, succeeded = succeeded
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    for i in (count * part / parts)..<(count * (part + 1) / parts) where !body(&elements[i]) {
                        succeeded[part] = false
                        return
                    }
                }
            }
        }
        return !succeeded.contains(false)
    }
}
