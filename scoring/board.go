package scoring

// Board is an ordered set of scores for one leaderboard: highest score
// first; equal scores rank the one reached earlier first, then by id.
// It is an indexable skip list (spans on every link, as in Redis's sorted
// sets), so Set, Remove and Rank are O(log n) and Top and Around are
// O(log n + N). Its coin flips come from a xorshift generator with a fixed
// seed kept in the Board, so two boards fed the same calls have the same
// shape, and no global random source is touched. A Board is not safe for
// concurrent use.
type Board struct {
	head  *boardNode
	level int
	n     int
	byID  map[string]*boardNode
	rng   uint64
}

// Ranked is one leaderboard row. Rank is 1-based and unique: ties are
// already broken by when the score was reached.
type Ranked struct {
	Rank  int    `json:"rank"`
	ID    string `json:"id"`
	Score int64  `json:"score"`
}

const (
	boardMaxLevel = 32 // enough for 4^32 entries at p = 1/4
	boardSeed     = 0x9E3779B97F4A7C15
)

type boardNode struct {
	id      string
	score   int64
	reached uint64
	next    []boardLink
}

// boardLink points to the next node on one level; span counts the nodes
// it skips over plus one, which is what makes ranks O(log n).
type boardLink struct {
	node *boardNode
	span int
}

// NewBoard returns an empty board.
func NewBoard() *Board {
	return &Board{
		head:  &boardNode{next: make([]boardLink, boardMaxLevel)},
		level: 1,
		byID:  make(map[string]*boardNode),
		rng:   boardSeed,
	}
}

// Len is the number of entries.
func (b *Board) Len() int { return b.n }

// Set records id's score; reached is a monotonically increasing sequence
// (the stream sequence) of when this score was reached, so that of two equal
// scores the one reached first ranks higher.
func (b *Board) Set(id string, score int64, reached uint64) {
	if old, ok := b.byID[id]; ok {
		if old.score == score && old.reached == reached {
			return
		}
		b.unlink(old)
		// The node moves: it is reused rather than made again, as a
		// board is set for every event and every board it is on.
		b.insert(old, score, reached)
		return
	}
	b.byID[id] = b.insert(&boardNode{id: id}, score, reached)
}

// Remove deletes id; removing an absent id does nothing.
func (b *Board) Remove(id string) {
	if node, ok := b.byID[id]; ok {
		b.unlink(node)
		delete(b.byID, id)
	}
}

// Top returns the first n rows (fewer if the board is shorter).
func (b *Board) Top(n int) []Ranked {
	n = min(n, b.n)
	if n <= 0 {
		return nil
	}
	out := make([]Ranked, 0, n)
	for x, r := b.head.next[0].node, 1; x != nil && r <= n; x, r = x.next[0].node, r+1 {
		out = append(out, Ranked{Rank: r, ID: x.id, Score: x.score})
	}
	return out
}

// Rank returns id's row, or false when id is not on the board.
func (b *Board) Rank(id string) (Ranked, bool) {
	node, ok := b.byID[id]
	if !ok {
		return Ranked{}, false
	}
	rank := 0
	x := b.head
	for i := b.level - 1; i >= 0; i-- {
		for nx := x.next[i].node; nx != nil && !before(node, nx); nx = x.next[i].node {
			rank += x.next[i].span
			x = nx
		}
		if x == node {
			return Ranked{Rank: rank, ID: id, Score: node.score}, true
		}
	}
	return Ranked{}, false
}

// Around returns id's row with up to above rows before it and below rows
// after it, for a "you and your neighbours" view. It is empty when id is not
// on the board.
func (b *Board) Around(id string, above, below int) []Ranked {
	me, ok := b.Rank(id)
	if !ok {
		return nil
	}
	first := max(me.Rank-max(above, 0), 1)
	last := min(me.Rank+max(below, 0), b.n)
	out := make([]Ranked, 0, last-first+1)
	for x, r := b.byRank(first), first; x != nil && r <= last; x, r = x.next[0].node, r+1 {
		out = append(out, Ranked{Rank: r, ID: x.id, Score: x.score})
	}
	return out
}

// before reports whether a sorts strictly before b.
func before(a, b *boardNode) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.reached != b.reached {
		return a.reached < b.reached
	}
	return a.id < b.id
}

func (b *Board) randomLevel() int {
	lvl := 1
	for lvl < boardMaxLevel {
		// xorshift64*: cheap, and deterministic per Board.
		x := b.rng
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		b.rng = x
		if (x*2685821657736338717)>>62 != 0 { // continue with probability 1/4
			break
		}
		lvl++
	}
	return lvl
}

// insert links node, with its id set and out of the board, at score.
func (b *Board) insert(node *boardNode, score int64, reached uint64) *boardNode {
	node.score, node.reached = score, reached
	var update [boardMaxLevel]*boardNode
	var rank [boardMaxLevel]int
	x := b.head
	for i := b.level - 1; i >= 0; i-- {
		if i < b.level-1 {
			rank[i] = rank[i+1]
		}
		for nx := x.next[i].node; nx != nil && before(nx, node); nx = x.next[i].node {
			rank[i] += x.next[i].span
			x = nx
		}
		update[i] = x
	}
	lvl := b.randomLevel()
	if lvl > b.level {
		for i := b.level; i < lvl; i++ {
			update[i] = b.head
			b.head.next[i].span = b.n
		}
		b.level = lvl
	}
	if cap(node.next) >= lvl {
		// A reused node's links above its new level would keep nodes
		// removed since reachable.
		clear(node.next[lvl:cap(node.next)])
		node.next = node.next[:lvl]
	} else {
		node.next = make([]boardLink, lvl)
	}
	for i := 0; i < lvl; i++ {
		link := &update[i].next[i]
		node.next[i] = boardLink{node: link.node, span: link.span - (rank[0] - rank[i])}
		*link = boardLink{node: node, span: rank[0] - rank[i] + 1}
	}
	for i := lvl; i < b.level; i++ {
		update[i].next[i].span++
	}
	b.n++
	return node
}

func (b *Board) unlink(node *boardNode) {
	x := b.head
	for i := b.level - 1; i >= 0; i-- {
		for nx := x.next[i].node; nx != nil && before(nx, node); nx = x.next[i].node {
			x = nx
		}
		link := &x.next[i]
		if link.node == node {
			link.span += node.next[i].span - 1
			link.node = node.next[i].node
		} else {
			link.span--
		}
	}
	for b.level > 1 && b.head.next[b.level-1].node == nil {
		b.level--
	}
	b.n--
}

// byRank returns the node at 1-based rank r, or nil.
func (b *Board) byRank(r int) *boardNode {
	traversed := 0
	x := b.head
	for i := b.level - 1; i >= 0; i-- {
		for x.next[i].node != nil && traversed+x.next[i].span <= r {
			traversed += x.next[i].span
			x = x.next[i].node
		}
		if traversed == r && x != b.head {
			return x
		}
	}
	return nil
}
