/// "Did you mean …?": the name closest to a mistyped one, when it is close enough to be the one
/// meant (at most a third of its letters wrong, and at least one allowed).
public func closestName(to name: String, among names: some Sequence<String>) -> String? {
    let best = names.min { editDistance($0, name) < editDistance($1, name) }
    guard let best, editDistance(best, name) <= max(1, name.count / 3) else { return nil }
    return best
}

/// The number of single-character insertions, deletions and substitutions between `a` and `b`.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
