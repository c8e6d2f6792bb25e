package live

// frame is one encoded message, shared by every connection it goes to: it is
// encoded once however many subscribers a topic has.
type frame struct {
	seq  uint64
	data []byte
}
