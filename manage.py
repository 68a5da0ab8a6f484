#!/usr/bin/env python
from hemis.__main__ import main

if __name__ == "__main__":
    main()
