"""Favourites: sessions an attendee starred, shown in My programme and, as
TENTATIVE, in their agenda feed."""
