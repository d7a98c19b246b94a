print("nemesis: not yet")
