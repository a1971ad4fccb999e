"""Assignment (分流指派), referral (流转) and objection (回避) dialogs of the case window."""
