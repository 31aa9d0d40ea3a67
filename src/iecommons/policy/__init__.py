"""Policy that reaches the ground: incentive programmes with eligibility as data, their fund
ledger, 产教融合型企业 certification with the surcharge-offset calculator, and the policy lab."""
