"""extract/randomuser/offline"""
