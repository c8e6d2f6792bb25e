// Package rewards is the economy beside the score: kudos people give within
// an allowance, coins earned and spent through an append-only ledger, a
// store whose stock never goes below zero, and redemptions that move from
// pending through approval to fulfilment (or are rejected and refunded).
//
// Like scoring it is pure: no clock, no I/O, no goroutines. The server
// applies commands to an org's State in stream order, so every node and
// every replay takes the same decisions: which of fifty parallel kudos fit
// the giver's allowance, which of a hundred redemptions get the last ten
// units. A method either applies its whole change and reports it, or
// returns a *Refusal and changes nothing.
//
// Balances are the sum of the ledger: every change of a balance appends an
// Entry, numbered per agent, and nothing ever removes one. A refund is a
// new entry, not an erased debit.
//
// # Concurrency
//
// A State is a plain value owned by its caller; its methods must not run
// concurrently on the same State.
package rewards
