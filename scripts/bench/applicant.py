"""Prints one eligible applicant as JSON, unique by the number given (bench seeding)."""
import json
import sys

n = int(sys.argv[1])
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
checks = "10X98765432"
first17 = "330602%04d%02d%02d%03d" % (1970 + n // 10000 % 30, 1 + n // 1000 % 12, 1 + n // 100 % 28, n % 1000)
check = checks[sum(int(c) * w for c, w in zip(first17, weights)) % 11]
print(json.dumps({
    "full_name": "张焊工", "national_id": first17 + check, "phone": "138%08d" % n,
    "email": "a%d@example.com" % n, "employer": "绍兴钢构有限公司", "trade": "welder",
    "started_trade_on": "2015-03-01", "certificate": {"trade": "welder", "level": 4},
    "processes": ["SMAW"], "locale": "zh", "consent": True,
}, ensure_ascii=False))
