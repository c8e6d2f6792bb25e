package scoring

// streaks extends the streaks of the counters this event added to. A day
// counts as soon as the counter's day value reaches the streak's minimum,
// so the agent sees it at once; a late event never rewrites past days.
func (s *step) streaks() {
	day := s.keys.k[pDay]
	for _, c := range s.contrib {
		k := &s.e.counters[c.counter]
		for _, si := range k.streaks {
			st := &s.e.streaks[si]
			ss := s.a.Streaks[st.ID]
			cur, ok := s.a.Counters[k.id][PeriodDay]
			if day <= ss.Last || !ok || cur.Key != day || cur.Value(k.agg) < st.Min {
				continue
			}
			missed := ss.Missed
			if st.Unit != UnitShift && ss.Last != "" {
				missed = s.missedDays(ss.Last, day)
			}
			status := StatusExtended
			if ss.Current == 0 || !s.bridge(st, &ss, missed) {
				ss.Current, ss.Start, status = 1, day, StatusStarted
			} else {
				ss.Current++
			}
			ss.Last, ss.Missed, ss.Frozen, ss.Best = day, 0, 0, max(ss.Best, ss.Current)
			if s.a.Streaks == nil {
				s.a.Streaks = make(map[string]StreakState)
			}
			s.streak = append(s.streak, si)
			s.streakOutcome(st, &ss, status)
			s.earnFreeze(st, &ss)
			s.a.Streaks[st.ID] = ss
		}
	}
}

func (s *step) streakOutcome(st *streak, ss *StreakState, status string) {
	o := s.outcome(OutcomeStreak)
	o.Streak, o.Name, o.Current, o.Best, o.Status = st.ID, st.Name, ss.Current, ss.Best, status
	s.out = append(s.out, o)
}

// breakStreak ends the current run; the best stays.
func (s *step) breakStreak(st *streak, ss *StreakState) {
	ss.Current, ss.Missed, ss.Frozen, ss.Start = 0, 0, 0, ""
	s.streakOutcome(st, ss, StatusBroken)
}

// badges checks the badges whose criterion this event may have moved.
func (s *step) badges() {
	e, a := s.e, s.a
	for _, c := range s.contrib {
		k := &e.counters[c.counter]
		for _, bi := range k.badges {
			b := &e.badges[bi]
			key := s.keys.k[b.period]
			cur, ok := a.Counters[k.id][periodNames[b.period]]
			if key == "" || !ok || cur.Key != key {
				continue // a late event: the period it fell in is no longer stored
			}
			s.checkBadge(bi, cur.Value(k.agg), key)
		}
	}
	for _, si := range s.streak {
		ss := a.Streaks[e.streaks[si].ID]
		for _, bi := range e.streaks[si].badges {
			s.checkBadge(bi, float64(ss.Current), ss.Start)
		}
	}
	if len(s.earned) == 0 {
		return
	}
	check := func(cat string) {
		for _, bi := range e.byPoints[cat] {
			b := &e.badges[bi]
			key := s.keys.k[b.period]
			tot, ok := a.Periods[periodNames[b.period]]
			if key == "" || !ok || tot.Key != key {
				continue
			}
			v := tot.Points
			if cat != "*" {
				v = tot.Categories[cat]
			}
			s.checkBadge(bi, float64(v), key)
		}
	}
	for _, c := range s.earned {
		check(c.category)
	}
	check("*")
}

// checkBadge awards every tier value has reached and not yet been given in
// the badge's current instance, as one outcome for the highest.
func (s *step) checkBadge(bi int, value float64, instance string) {
	b := &s.e.badges[bi]
	bs := s.a.Badges[b.ID]
	if b.Repeatable && bs.Key != instance {
		bs.Tier, bs.Key = 0, instance
	}
	reached := bs.Tier
	for reached < len(b.tiers) && value >= b.tiers[reached].Min {
		reached++
	}
	if reached == bs.Tier {
		return
	}
	coins := b.Coins * int64(reached-bs.Tier) // every tier reached gives its coins
	bs.Awards += reached - bs.Tier
	bs.Tier = reached
	s.a.Badges = s.saveBadge(s.a.Badges, b, bs, false, coins)
}

// grantBadge gives the next tier of a badge as a reward (to the team when
// team is set): the top tier again counts as a repeat for a repeatable
// badge and as nothing for a one-off one.
func (s *step) grantBadge(bi int, team bool) {
	b := &s.e.badges[bi]
	m := s.a.Badges
	if team {
		m = s.t.Badges
	}
	bs := m[b.ID]
	switch {
	case bs.Tier < len(b.tiers):
		bs.Tier++
	case !b.Repeatable:
		return
	}
	bs.Awards++
	coins := b.Coins
	if team {
		coins = 0 // a team has no ledger; its challenge's reward coins go to the members
	}
	m = s.saveBadge(m, b, bs, team, coins)
	if team {
		s.t.Badges = m
	} else {
		s.a.Badges = m
	}
}

func (s *step) saveBadge(m map[string]BadgeState, b *badge, bs BadgeState, team bool, coins int64) map[string]BadgeState {
	bs.Best = max(bs.Best, bs.Tier)
	bs.Version = s.e.version
	if s.ev != nil {
		bs.Event = s.ev.ID
	}
	if m == nil {
		m = make(map[string]BadgeState)
	}
	m[b.ID] = bs
	o := s.outcome(OutcomeBadge)
	if team {
		o.Agent = ""
	}
	o.Badge, o.Name, o.Tier, o.TierName, o.Coins = b.ID, b.Name, bs.Tier, b.tiers[bs.Tier-1].Name, coins
	s.out = append(s.out, o)
	return m
}
